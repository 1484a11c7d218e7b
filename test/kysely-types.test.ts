import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { renderDbTypes } from '../src/emit/db-types.ts';
import { renderKyselyTypes } from '../src/emit/kysely.ts';
import { introspectSchema } from '../src/introspect/introspect.ts';
import { repoRoot } from '../src/lib/paths.ts';
import type { UserId } from '../src/generated/db.ts';
import type { Database } from '../src/generated/kysely.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { errorsIn, lineOf, typecheck, type Diagnostic } from './helpers/typecheck.ts';

/**
 * The Kysely interface (src/generated/kysely.ts) as a Kysely user meets it:
 * rendered from the migrated schema and compiled with sample modules (typical
 * queries compile; each bad sample fails with the one error that proves the
 * types guard it), then a real Kysely instance on a migrated database.
 */

const samplesDir = join(repoRoot, 'test', 'fixtures', 'typecheck');
const sample = (name: string): string => join(samplesDir, name);
// The generated files exist only in memory, where the samples' imports look for them.
const dbPath = join(samplesDir, 'generated', 'db.ts');
const kyselyPath = join(samplesDir, 'generated', 'kysely.ts');
const good = sample('kysely-sample.ts');
const bad = {
  userIdAsProjectId: sample('kysely-user-id-as-project-id.ts'),
  unknownStatus: sample('kysely-unknown-status.ts'),
  missingRequiredColumn: sample('kysely-missing-required-column.ts'),
  writesIdentityColumn: sample('kysely-writes-identity-column.ts'),
  writesCreditBalance: sample('kysely-writes-credit-balance.ts'),
};

let db: ScratchDatabase;
let diagnostics: Map<string, Diagnostic[]>;

beforeAll(async () => {
  db = await createMigratedDatabase();
  const model = await introspectSchema(db.client);
  const virtualFiles = new Map([
    [dbPath, renderDbTypes(model)],
    [kyselyPath, renderKyselyTypes(model)],
  ]);
  diagnostics = typecheck([dbPath, kyselyPath, good, ...Object.values(bad)], virtualFiles).diagnostics;
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

const errorsOf = (path: string): Diagnostic[] => errorsIn(diagnostics, path);

/** The single diagnostic a bad sample must produce, on the line holding `fragment`. */
function onlyError(path: string, fragment: string): Diagnostic {
  const found = errorsOf(path);
  expect(found).toHaveLength(1);
  const [first] = found;
  if (!first) throw new Error(`${path} compiled without errors`);
  expect(first.line).toBe(lineOf(path, fragment));
  return first;
}

describe('kysely.ts compiles with typical queries', () => {
  test.each([
    ['generated/db.ts', dbPath],
    ['generated/kysely.ts', kyselyPath],
    ['kysely-sample.ts (joins, where, insert, update; Selectable/Insertable/Updateable equal db.ts)', good],
  ])('%s has no type errors', (_name, path) => {
    expect(errorsOf(path)).toEqual([]);
  });
});

describe('kysely.ts rejects wrong queries', () => {
  test('a UserId compared with projects.id', () => {
    const error = onlyError(bad.userIdAsProjectId, "where('id', '=', user)");
    expect(error.code).toBe(2345);
    expect(error.message).toContain(`Argument of type 'UserId' is not assignable to parameter of type 'OperandValueExpressionOrList<Database, "app_public.projects", "id">'`);
    expect(error.message).toContain("Type 'UserId' is not assignable to type 'ProjectId'");
  });

  test('a status outside the CHECK value set', () => {
    const error = onlyError(bad.unknownStatus, "status: 'Done'");
    expect(error.code).toBe(2322);
    expect(error.message).toContain(`Type '"Done"' is not assignable to type 'ValueExpression<Database, "app_public.generation_requests", GenerationRequestStatus> | undefined'`);
  });

  test('an insert without a required column', () => {
    const error = onlyError(bad.missingRequiredColumn, '.values({ workbench_id: workbench })');
    expect(error.code).toBe(2345);
    expect(error.message).toContain("Property 'name' is missing in type '{ workbench_id: WorkbenchId; }' but required");
  });

  test('an identity-always column written in an insert', () => {
    const error = onlyError(bad.writesIdentityColumn, '.values({ id, user_id');
    // GeneratedAlways leaves the column out of Insertable altogether.
    expect(error.code).toBe(2353);
    expect(error.message).toContain(`'id' does not exist in type 'InsertExpression<Database, "app_public.usage_logs">'`);
  });

  test('a read-only column (@behavior -update) written in an update', () => {
    const error = onlyError(bad.writesCreditBalance, '.set({ credit_balance: 100 })');
    // ColumnType<string, never, never>: Kysely keeps the key but its update type is never.
    expect(error.code).toBe(2322);
    expect(error.message).toContain(`Type 'number' is not assignable to type 'ValueExpression<Database, "app_public.users", never> | undefined'`);
  });
});

describe('a Kysely<Database> on a migrated database', () => {
  let pool: pg.Pool;
  let kysely: Kysely<Database>;

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: db.url, max: 1 });
    kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  });

  afterAll(async () => {
    // Kysely's destroy ends the pool it was given.
    await kysely?.destroy();
  });

  let userId: UserId;

  test('inserts a user with only its required column, getting the defaults back in their declared shapes', async () => {
    const user = await kysely
      .insertInto('app_public.users')
      .values({ email: 'kysely@example.com' })
      .returning(['id', 'subscription_tier', 'credit_balance', 'created_at'])
      .executeTakeFirstOrThrow();
    userId = user.id;
    expect(user.subscription_tier).toBe('Free');
    // numeric arrives as a string and timestamptz as a Date, as the column types say.
    expect(user.credit_balance).toBe('0.00');
    expect(user.created_at).toBeInstanceOf(Date);
  });

  test('selects through a join on the branded ids', async () => {
    await kysely.insertInto('app_public.workbenches').values({ user_id: userId, name: 'Kysely bench' }).execute();
    const rows = await kysely
      .selectFrom('app_public.workbenches as w')
      .innerJoin('app_public.users as u', 'u.id', 'w.user_id')
      .select(['w.name', 'u.email', 'u.subscription_tier'])
      .where('u.id', '=', userId)
      .execute();
    expect(rows).toEqual([{ name: 'Kysely bench', email: 'kysely@example.com', subscription_tier: 'Free' }]);
  });
});
