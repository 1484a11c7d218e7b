import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { withClient } from '../src/db/client.ts';
import { apiRoles } from '../src/db/roles.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { insertGoodRows, type RowIds } from './fixtures/good-rows.ts';
import { createMigratedDatabase, rootUrl, type ScratchDatabase } from './helpers/database.ts';

/**
 * The README's "Becoming a user" sample is the backend's contract, so it
 * must run as printed: this takes the block out of README.md and runs it
 * with node, connected as a NOINHERIT login role that may become the
 * visitor, as the authenticator is.
 */

const run = promisify(execFile);
const login = `cfdb_t${randomBytes(4).toString('hex')}_app`;
const password = randomBytes(8).toString('hex');
let db: ScratchDatabase;
let a: RowIds;
let b: RowIds;
let dir: string;
let sample: string;

function readmeSample(): string {
  const section = readFileSync(join(repoRoot, 'README.md'), 'utf8').split('**Becoming a user.**')[1] ?? '';
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md: no ts block after **Becoming a user.**');
  return block;
}

beforeAll(async () => {
  db = await createMigratedDatabase();
  a = await insertGoodRows(db.client);
  b = await insertGoodRows(db.client);
  await db.client.query(`create role ${login} login noinherit password '${password}' in role ${apiRoles().visitor}`);
  // Inside the checkout, so that the sample's `import pg from 'pg'` resolves.
  mkdirSync(join(repoRoot, '.data'), { recursive: true });
  dir = mkdtempSync(join(repoRoot, '.data', 'readme-sample-'));
  sample = join(dir, 'sample.ts');
  writeFileSync(sample, readmeSample());
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db?.drop();
  await withClient(rootUrl(), (client) => client.query(`drop role if exists ${login}`));
});

async function projectsSeen(sessionId?: string): Promise<string[]> {
  const url = new URL(db.url);
  url.username = login;
  url.password = password;
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url.toString() };
  delete env.SESSION_ID;
  if (sessionId) env.SESSION_ID = sessionId;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', sample], { env, cwd: repoRoot });
  return JSON.parse(stdout) as string[];
}

test('the sample uses the default visitor name', () => {
  expect(readmeSample()).toContain(`set local role ${apiRoles().visitor}`);
});

test("as A's session it sees A's projects only; anonymous, none", async () => {
  const { rows } = await db.client.query<{ id: string; name: string }>('select id, name from app_public.projects where id = any($1)', [[a.projects, b.projects]]);
  const name = (id: string): string | undefined => rows.find((r) => r.id === id)?.name;
  expect(await projectsSeen(a.sessions)).toEqual([name(a.projects)]);
  expect(await projectsSeen()).toEqual([]);
}, 60_000);
