import { emitDdl } from '../src/emit/ddl.ts';
import type { Artifact } from '../src/emit/artifact.ts';
import { sqlNames } from '../src/emit/sql-text.ts';
import { catalogFingerprint, diffFingerprints } from '../src/introspect/fingerprint.ts';
import { introspectSchema } from '../src/introspect/introspect.ts';
import { readTableHistory, tableHistory } from '../src/migrate/table-history.ts';
import type { SchemaModel, TableModel } from '../src/model/schema-model.ts';
import { createDatabaseThrough, createEmptyDatabase, createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { dropRole, fixtureRole, fixtureSql } from './fixtures/schema-fixture.ts';
import { securityFixtureSql, VISITOR } from './fixtures/security-fixture.ts';
import { byKey } from '../src/lib/compare.ts';
import * as build from './helpers/model-builder.ts';
import { referenceChain, tableReferencing } from './fixtures/reference-chain.ts';

function modelOf(...tables: TableModel[]): SchemaModel {
  return build.model({ schema: 's', tables });
}

function paths(artifacts: Artifact[]): string[] {
  return artifacts.map((a) => a.path);
}

function contents(artifacts: Artifact[], path: string): string {
  const found = artifacts.find((a) => a.path === path);
  if (!found || typeof found.contents !== 'string') throw new Error(`no text artifact ${path}`);
  return found.contents;
}

describe('emitDdl (pure)', () => {
  test('numbers tables by their first appearance in the migration history; schema.sql keeps foreign-key order', () => {
    const artifacts = emitDdl(
      modelOf(
        tableReferencing('brand_kits', 'users'),
        tableReferencing('assets', 'projects', 'users'),
        tableReferencing('projects', 'users'),
        tableReferencing('users'),
        tableReferencing('audit'),
      ),
      ['users', 'projects', 'dropped_long_ago', 'assets', 'brand_kits'],
    );
    expect(paths(artifacts)).toEqual([
      'ddl/schema.sql',
      'ddl/tables/000_schemas_and_functions.sql',
      'ddl/tables/001_create_users.sql',
      'ddl/tables/002_create_projects.sql',
      'ddl/tables/004_create_assets.sql',
      'ddl/tables/005_create_brand_kits.sql',
      // Unknown to the history (made by hand): after every number it gave.
      'ddl/tables/006_create_audit.sql',
    ]);
    expect(contents(artifacts, 'ddl/tables/004_create_assets.sql')).toContain(
      'CONSTRAINT assets_projects_id_fkey FOREIGN KEY (projects_id) REFERENCES s.projects(id) ON DELETE CASCADE',
    );
    const schema = contents(artifacts, 'ddl/schema.sql');
    const created = [...schema.matchAll(/CREATE TABLE s\.(\w+)/g)].map((m) => m[1]);
    expect(created).toEqual(['audit', 'users', 'brand_kits', 'projects', 'assets']);
  });

  test('adding a table adds exactly one file and renames none; dropping one removes one and renames none', () => {
    const history = ['users', 'projects', 'assets'];
    const before = paths(emitDdl(modelOf(tableReferencing('users'), tableReferencing('projects', 'users'), tableReferencing('assets', 'projects')), history));
    const added = paths(
      emitDdl(
        modelOf(tableReferencing('users'), tableReferencing('projects', 'users'), tableReferencing('assets', 'projects'), tableReferencing('a_tags', 'users')),
        [...history, 'a_tags'],
      ),
    );
    expect(added.filter((p) => !before.includes(p))).toEqual(['ddl/tables/004_create_a_tags.sql']);
    expect(before.filter((p) => !added.includes(p))).toEqual([]);
    // projects dropped in a later migration: the history still lists it, so its number stays retired.
    const dropped = paths(emitDdl(modelOf(tableReferencing('users'), tableReferencing('assets')), [...history, 'a_tags']));
    expect(before.filter((p) => !dropped.includes(p))).toEqual(['ddl/tables/002_create_projects.sql']);
    expect(dropped.filter((p) => !before.includes(p))).toEqual([]);
  });

  test('a foreign key to a table numbered later waits in add_forward_foreign_keys.sql, so the files apply in name order', () => {
    const artifacts = emitDdl(modelOf(tableReferencing('assets', 'users'), tableReferencing('users')), ['assets', 'users']);
    expect(paths(artifacts).slice(1)).toEqual([
      'ddl/tables/000_schemas_and_functions.sql',
      'ddl/tables/001_create_assets.sql',
      'ddl/tables/002_create_users.sql',
      'ddl/tables/add_forward_foreign_keys.sql',
    ]);
    expect(contents(artifacts, 'ddl/tables/001_create_assets.sql')).not.toContain('FOREIGN KEY');
    expect(contents(artifacts, 'ddl/tables/add_forward_foreign_keys.sql')).toContain(
      'ALTER TABLE s.assets\n    ADD CONSTRAINT assets_users_id_fkey FOREIGN KEY (users_id) REFERENCES s.users(id) ON DELETE CASCADE;',
    );
    // The whole-schema file needs no such step: users comes first there.
    expect(contents(artifacts, 'ddl/schema.sql')).not.toContain('ADD CONSTRAINT');
  });

  test('keeps self-references inline and defers only the foreign keys that close a cycle', () => {
    const artifacts = emitDdl(
      modelOf(
        tableReferencing('people', 'organisations', 'people'),
        tableReferencing('organisations', 'people'),
        tableReferencing('projects', 'people'),
        tableReferencing('a', 'c'),
        tableReferencing('b', 'a'),
        tableReferencing('c', 'b'),
      ),
    );
    expect(paths(artifacts).slice(2)).toEqual([
      'ddl/tables/001_create_a.sql',
      'ddl/tables/002_create_b.sql',
      'ddl/tables/003_create_c.sql',
      'ddl/tables/004_create_organisations.sql',
      'ddl/tables/005_create_people.sql',
      'ddl/tables/006_create_projects.sql',
      'ddl/tables/add_forward_foreign_keys.sql',
    ]);
    const cyclic = contents(artifacts, 'ddl/tables/add_forward_foreign_keys.sql');
    expect(cyclic.match(/ADD CONSTRAINT \S+/g)).toEqual(['ADD CONSTRAINT a_c_id_fkey', 'ADD CONSTRAINT organisations_people_id_fkey']);
    expect(contents(artifacts, 'ddl/tables/001_create_a.sql')).not.toContain('FOREIGN KEY');
    expect(contents(artifacts, 'ddl/tables/005_create_people.sql')).toContain('CONSTRAINT people_people_id_fkey FOREIGN KEY');
    expect(contents(artifacts, 'ddl/tables/005_create_people.sql')).toContain('CONSTRAINT people_organisations_id_fkey FOREIGN KEY');
    expect(contents(artifacts, 'ddl/tables/006_create_projects.sql')).toContain('CONSTRAINT projects_people_id_fkey FOREIGN KEY');
    expect(contents(artifacts, 'ddl/schema.sql').indexOf('ADD CONSTRAINT a_c_id_fkey')).toBeGreaterThan(
      contents(artifacts, 'ddl/schema.sql').indexOf('CREATE TABLE s.projects'),
    );
  });

  test('does not depend on the order tables come in, and gives the same bytes twice', () => {
    const tables = [tableReferencing('x', 'y'), tableReferencing('y', 'z'), tableReferencing('z', 'x'), tableReferencing('w', 'x')];
    const once = emitDdl(modelOf(...tables));
    expect(emitDdl(modelOf(...[...tables].reverse()))).toEqual(once);
    expect(emitDdl(modelOf(...tables))).toEqual(once);
  });

  test('widens the numbers past 999 tables', () => {
    const tables = Array.from({ length: 1000 }, (_, i) => tableReferencing(`t${String(i).padStart(4, '0')}`));
    const names = paths(emitDdl(modelOf(...tables)));
    expect(names[1]).toBe('ddl/tables/0000_schemas_and_functions.sql');
    expect(names).toContain('ddl/tables/0001_create_t0000.sql');
    expect(names).toContain('ddl/tables/1000_create_t0999.sql');
  });

  test('orders a 10,000-table chain with a two-table cycle every tenth table (its growth is measured by npm run bench:ddl)', () => {
    const artifacts = emitDdl(referenceChain(10_000));
    // Tables keep their chain order, so only each cycle's key to the next table is added afterwards.
    expect(paths(artifacts).filter((p) => p.includes('_create_'))).toEqual(
      Array.from({ length: 10_000 }, (_, i) => `ddl/tables/${String(i + 1).padStart(5, '0')}_create_t${String(i).padStart(5, '0')}.sql`),
    );
    const forward = contents(artifacts, 'ddl/tables/add_forward_foreign_keys.sql').match(/ADD CONSTRAINT \w+/g) ?? [];
    expect(forward).toEqual(Array.from({ length: 1000 }, (_, k) => `ADD CONSTRAINT t${String(10 * k).padStart(5, '0')}_t${String(10 * k + 1).padStart(5, '0')}_id_fkey`));
  });

  test('writes a header that says generated, with no timestamp, path, port or host', () => {
    for (const artifact of emitDdl(modelOf(tableReferencing('users')))) {
      const text = String(artifact.contents);
      const header = text.split('\n\n')[0] ?? '';
      expect(header).toMatch(/Generated by cfdb/);
      expect(header).toMatch(/Do not edit/);
      expect(header).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|\/work|\/tmp|\/home|localhost|127\.0\.0\.1|:\d{4,5}\b/);
      expect(text.endsWith(';\n')).toBe(true);
    }
  });

  test('quotes identifiers only where PostgreSQL needs it', () => {
    const odd = tableReferencing('Odd Table');
    odd.columns.push(build.column({ name: 'user', position: 2, type: 'text', nullable: true, comment: 'Who.' }));
    // user is reserved on every server, so every server's keyword list holds it.
    const text = contents(emitDdl({ ...modelOf(odd), quotedKeywords: ['user'] }), 'ddl/tables/001_create_Odd_Table.sql');
    expect(text).toContain('CREATE TABLE s."Odd Table" (\n    id integer NOT NULL,\n    "user" text,\n    CONSTRAINT "Odd Table_pkey" PRIMARY KEY (id)\n);');
    expect(text).toContain(`COMMENT ON COLUMN s."Odd Table"."user" IS 'Who.';`);
  });

  test('default privileges for one schema and for another role; a table starts from what they give', () => {
    const model = modelOf(tableReferencing('users'));
    model.defaultPrivileges = [
      { schema: 's', objects: 'TABLES', grants: [{ grantee: 'visitor', privilege: 'SELECT', grantable: false }] },
      { role: 'deployer', objects: 'FUNCTIONS', grants: [{ grantee: 'visitor', privilege: 'EXECUTE', grantable: false }] },
    ];
    const prelude = contents(emitDdl(model), 'ddl/tables/000_schemas_and_functions.sql');
    expect(prelude).toContain('ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES TO visitor;');
    expect(prelude).toContain(
      'ALTER DEFAULT PRIVILEGES FOR ROLE deployer REVOKE ALL ON FUNCTIONS FROM PUBLIC;\nALTER DEFAULT PRIVILEGES FOR ROLE deployer GRANT EXECUTE ON FUNCTIONS TO visitor;',
    );
    // The default gave the new table SELECT to visitor, which the model does not list.
    expect(contents(emitDdl(model), 'ddl/tables/001_create_users.sql')).toContain('REVOKE ALL ON TABLE s.users FROM visitor;');
  });

  test('a policy that calls a function of table rows waits for the row functions, and its table file says so', () => {
    const users = tableReferencing('users');
    users.policies = [build.policy({ name: 'visible', command: 'SELECT', using: 's.is_visible(users.*)', comment: 'Shown.' })];
    const model = modelOf(users);
    model.functions = [
      build.fn({
        name: 's.is_visible',
        arguments: 'u s.users',
        definition: 'CREATE OR REPLACE FUNCTION s.is_visible(u s.users)\n RETURNS boolean\n LANGUAGE sql\nAS $function$ select true $function$\n',
      }),
    ];
    const artifacts = emitDdl(model);
    expect(contents(artifacts, 'ddl/tables/001_create_users.sql')).toContain(
      '-- Policy visible is created further down, after the functions of table rows, which it names.',
    );
    expect(contents(artifacts, 'ddl/tables/001_create_users.sql')).not.toContain('CREATE POLICY');
    expect(contents(artifacts, 'ddl/tables/create_row_functions.sql')).toContain(
      "-- Policies of earlier tables, created after the functions of table rows, which they name.\nCREATE POLICY visible ON s.users\n    FOR SELECT\n    USING (s.is_visible(users.*));\n\nCOMMENT ON POLICY visible ON s.users IS 'Shown.';",
    );
  });

  test('writes a comment as stored, smart tags and all, quoted', () => {
    const users = tableReferencing('users');
    users.comment = "People's accounts.";
    users.tags = { behavior: ['-insert', '-delete'], name: 'person', omit: true };
    users.rawComment = "@behavior -insert\n@behavior -delete\n@name person\n@omit\nPeople's accounts.";
    expect(contents(emitDdl(modelOf(users)), 'ddl/tables/001_create_users.sql')).toContain(
      "COMMENT ON TABLE s.users IS '@behavior -insert\n@behavior -delete\n@name person\n@omit\nPeople''s accounts.';",
    );
  });
});

/** Applies DDL text to a fresh database and returns its fingerprint. */
async function fingerprintAfterApplying(scripts: string[]): Promise<string> {
  const db = await createEmptyDatabase();
  try {
    for (const script of scripts) await db.client.query(script);
    return await catalogFingerprint(db.client);
  } finally {
    await db.drop();
  }
}

function perTableScripts(artifacts: Artifact[]): string[] {
  // File-name order is the documented apply order.
  return artifacts
    .filter((a) => a.path.startsWith('ddl/tables/'))
    .sort(byKey((a) => a.path))
    .map((a) => String(a.contents));
}

/** The app_public tables in the order the committed migrations create them, as `npm run check` numbers them. */
const committedHistory = readTableHistory({ current: false })
  .filter((h) => h.schema === 'app_public')
  .map((h) => h.table);

interface RoundTrip {
  /** The fingerprint of the database the DDL was emitted from. */
  expected: string;
  artifacts: Artifact[];
}

/**
 * The round trip on a database from create(), with extraSql applied on top: ddl/schema.sql and
 * the per-table files each rebuild its fingerprint on an empty database, and introspecting
 * the rebuilt database emits the same bytes. more() adds tests of its own.
 */
function describeRoundTrip(title: string, create: () => Promise<ScratchDatabase>, extraSql: string, more: (trip: () => RoundTrip) => void): void {
  describe(title, () => {
    let source: ScratchDatabase;
    let trip: RoundTrip;

    beforeAll(async () => {
      source = await create();
      if (extraSql !== '') await source.client.query(extraSql);
      trip = {
        expected: await catalogFingerprint(source.client, ['app_public', 'app_private']),
        artifacts: emitDdl(await introspectSchema(source.client), committedHistory),
      };
    });

    afterAll(() => source.drop());

    test('ddl/schema.sql on an empty database gives the same fingerprint', async () => {
      const found = await fingerprintAfterApplying([contents(trip.artifacts, 'ddl/schema.sql')]);
      expect(diffFingerprints(trip.expected, found)).toEqual([]);
    });

    test('the per-table files, applied in name order, give the same fingerprint', async () => {
      const found = await fingerprintAfterApplying(perTableScripts(trip.artifacts));
      expect(diffFingerprints(trip.expected, found)).toEqual([]);
    });

    test('introspecting the rebuilt database emits the same bytes again', async () => {
      const rebuilt = await createEmptyDatabase();
      try {
        await rebuilt.client.query(contents(trip.artifacts, 'ddl/schema.sql'));
        expect(emitDdl(await introspectSchema(rebuilt.client), committedHistory)).toEqual(trip.artifacts);
      } finally {
        await rebuilt.drop();
      }
    });

    more(() => trip);
  });
}

describeRoundTrip('DDL round trip on the migrated schema', createMigratedDatabase, '', (trip) => {
  test('a 000 prelude, and one file per table numbered in the order the committed migrations create them', () => {
    expect(paths(trip().artifacts)).toContain('ddl/tables/000_schemas_and_functions.sql');
    const tables = paths(trip().artifacts).filter((p) => /^ddl\/tables\/\d{3}_create_/.test(p));
    expect(tables).toHaveLength(22);
    expect(tables.slice(0, 3)).toEqual(['ddl/tables/001_create_users.sql', 'ddl/tables/002_create_sessions.sql', 'ddl/tables/003_create_social_media_connections.sql']);
    expect(tables.at(-1)).toBe('ddl/tables/022_create_ai_model_feedback.sql');
  });
});

describeRoundTrip('DDL round trip on 000001 with a 000002-shaped fixture (forced RLS, restrictive and FOR ALL policies)', () => createDatabaseThrough(1), securityFixtureSql, (trip) => {
  test('the fingerprint it must reproduce holds the default privileges, ACLs, RLS and policies', () => {
    expect(trip().expected).toContain('default privileges for owner on functions\tkind\tdefault privileges\n');
    expect(trip().expected).toContain('table app_public.api_clients\trow level security\tenabled, forced\n');
    expect(trip().expected).toContain(`table app_public.teams policy select_member\troles\t${VISITOR}\n`);
    expect(trip().expected).toContain(`table app_public.users column email\tgrant ${VISITOR}\tSELECT, UPDATE\n`);
    expect(trip().expected).toContain(`function app_public.current_user_id()\tgrant ${VISITOR}\tEXECUTE\n`);
  });

  test('default privileges come before the functions, whose grants start from them', () => {
    const prelude = contents(trip().artifacts, 'ddl/tables/000_schemas_and_functions.sql');
    const revoke = prelude.indexOf('ALTER DEFAULT PRIVILEGES REVOKE ALL ON FUNCTIONS FROM PUBLIC;');
    expect(revoke).toBeGreaterThan(prelude.indexOf('CREATE SCHEMA IF NOT EXISTS app_public;'));
    expect(revoke).toBeLessThan(prelude.indexOf('CREATE OR REPLACE FUNCTION'));
    expect(prelude).toContain(`GRANT USAGE ON SCHEMA app_private TO ${VISITOR};`);
    expect(prelude).toContain(`GRANT EXECUTE ON FUNCTION app_public.current_user_id() TO ${VISITOR};`);
    // Created before the default changed, tg__set_updated_at lost PUBLIC by its own REVOKE: nothing to write now.
    expect(prelude).not.toMatch(/(GRANT|REVOKE) [A-Z ,]+ ON FUNCTION app_private\.tg__set_updated_at/);
    expect(prelude).toContain(' SECURITY DEFINER\n SET search_path TO \'pg_catalog\', \'pg_temp\'\n');
  });

  test('each table file shows its RLS, policies and grants; a policy that reads a later table waits for its file', () => {
    const file = (table: string): string => {
      const path = paths(trip().artifacts).find((p) => p.endsWith(`_create_${table}.sql`)) ?? '';
      return contents(trip().artifacts, path);
    };
    const teams = file('teams');
    expect(teams).toContain('ALTER TABLE app_public.teams ENABLE ROW LEVEL SECURITY;');
    expect(teams).toContain(`CREATE POLICY insert_own ON app_public.teams\n    FOR INSERT\n    TO ${VISITOR}\n    WITH CHECK ((owner_id = ( SELECT app_public.current_user_id() AS current_user_id)));`);
    expect(teams).toContain('-- Policy select_member is created further down, after app_public.team_members, which it names.');
    expect(teams).not.toContain('CREATE POLICY select_member');
    expect(teams).toContain(`GRANT DELETE, SELECT ON TABLE app_public.teams TO ${VISITOR};`);
    expect(teams).toContain(`GRANT INSERT (name, owner_id) ON TABLE app_public.teams TO ${VISITOR};`);
    const members = file('team_members');
    expect(members).toContain('-- Policies of earlier tables, created after app_public.team_members, which they name.\nCREATE POLICY select_member ON app_public.teams');
    expect(members).toContain("COMMENT ON POLICY select_member ON app_public.teams IS 'Owners and members see the team.';");
    expect(members).toContain(`CREATE POLICY keep_owner ON app_public.team_members\n    AS RESTRICTIVE\n    FOR DELETE\n`);
    expect(file('api_clients')).toContain('ALTER TABLE app_public.api_clients FORCE ROW LEVEL SECURITY;');
    const users = file('users');
    expect(users).toContain(`GRANT SELECT (id, email, social_provider, social_provider_id, is_email_verified, subscription_tier, credit_balance, created_at, updated_at) ON TABLE app_public.users TO ${VISITOR};`);
    expect(users).not.toMatch(/GRANT SELECT ON TABLE app_public\.users/);
  });
});

describe('DDL round trip on the fixture schema', () => {
  const role = fixtureRole();
  // What the migration-history scan finds in the fixture's own SQL.
  const fixtureHistory = tableHistory([fixtureSql(role)]).map((h) => h.table);
  let fixture: ScratchDatabase;
  let expected: string;
  let artifacts: Artifact[];

  beforeAll(async () => {
    fixture = await createEmptyDatabase();
    await fixture.client.query(fixtureSql(role));
    expected = await catalogFingerprint(fixture.client);
    artifacts = emitDdl(await introspectSchema(fixture.client), fixtureHistory);
  });

  afterAll(async () => {
    await fixture.drop();
    await dropRole(role);
  });

  test('breaks the organisations ↔ people cycle and keeps quoted names', () => {
    expect(paths(artifacts).slice(1)).toEqual([
      'ddl/tables/000_schemas_and_functions.sql',
      'ddl/tables/001_create_organisations.sql',
      'ddl/tables/002_create_people.sql',
      'ddl/tables/003_create_projects.sql',
      'ddl/tables/004_create_Odd_Table.sql',
      'ddl/tables/add_forward_foreign_keys.sql',
      'ddl/tables/create_row_functions.sql',
    ]);
    const rowFunctions = contents(artifacts, 'ddl/tables/create_row_functions.sql');
    expect(rowFunctions).toContain('CREATE OR REPLACE FUNCTION app_public.people_display_name(p app_public.people)');
    expect(rowFunctions).toContain('CREATE OR REPLACE FUNCTION app_public.recent_projects()\n RETURNS SETOF app_public.projects');
    expect(rowFunctions).toContain(
      "COMMENT ON FUNCTION app_public.people_display_name(p app_public.people) IS '@sortable\nName to show.';",
    );
    expect(contents(artifacts, 'ddl/tables/000_schemas_and_functions.sql')).not.toContain('app_public.people_display_name');
    expect(contents(artifacts, 'ddl/tables/add_forward_foreign_keys.sql')).toContain(
      'ALTER TABLE app_public.organisations\n    ADD CONSTRAINT organisations_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app_public.people(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;',
    );
    const people = contents(artifacts, 'ddl/tables/002_create_people.sql');
    expect(people).toContain('    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,\n');
    expect(people).toContain("    full_name text GENERATED ALWAYS AS (((first_name || ' '::text) || last_name)) STORED,\n");
    expect(people).toContain("COMMENT ON TABLE app_public.people IS '@name person\n@behavior -insert\n@behavior +update\n\nEveryone.\nSecond line.';");
    expect(people).toContain('CREATE INDEX people_lower_email_idx ON app_public.people USING btree (lower(email)) WHERE (email IS NOT NULL);');
    expect(people).toContain(`GRANT UPDATE (first_name, last_name) ON TABLE app_public.people TO ${role};`);
    expect(contents(artifacts, 'ddl/tables/004_create_Odd_Table.sql')).toContain('"Select" integer GENERATED BY DEFAULT AS IDENTITY NOT NULL');
    expect(contents(artifacts, 'ddl/tables/000_schemas_and_functions.sql')).toContain(
      'REVOKE ALL ON FUNCTION app_private.short_code() FROM PUBLIC;',
    );
  });

  test('ddl/schema.sql on an empty database gives the fixture fingerprint', async () => {
    expect(diffFingerprints(expected, await fingerprintAfterApplying([contents(artifacts, 'ddl/schema.sql')]))).toEqual([]);
  });

  test('the per-table files, applied in name order, give the fixture fingerprint', async () => {
    expect(diffFingerprints(expected, await fingerprintAfterApplying(perTableScripts(artifacts)))).toEqual([]);
  });

  test('numbered against foreign-key order, the per-table files still apply in name order', async () => {
    const reversed = emitDdl(await introspectSchema(fixture.client), [...fixtureHistory].reverse());
    expect(paths(reversed)).toContain('ddl/tables/001_create_Odd_Table.sql');
    expect(contents(reversed, 'ddl/tables/add_forward_foreign_keys.sql')).toContain('ADD CONSTRAINT "Odd Table_project_id_fkey"');
    expect(diffFingerprints(expected, await fingerprintAfterApplying(perTableScripts(reversed)))).toEqual([]);
    expect(contents(reversed, 'ddl/schema.sql')).toEqual(contents(artifacts, 'ddl/schema.sql'));
  });
});

describe('identifier quoting', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createEmptyDatabase();
    // A reserved word (window), a type/function-name one (authorization), two that are keywords only from
    // PostgreSQL 16 on (system_user, reserved; json, not), and unreserved ones (comment, abort).
    await db.client.query(`create schema app_public;
      create table app_public.keyword_names (
        id integer constraint keyword_names_pkey primary key,
        "window" integer, "system_user" integer, "authorization" integer, "json" integer, "comment" integer, "abort" integer
      )`);
  });
  afterAll(async () => db?.drop());

  test('agrees with the server’s quote_ident on every keyword and on odd names, with the keywords the model read from it', async () => {
    const names = sqlNames((await introspectSchema(db.client)).quotedKeywords);
    const { rows } = await db.client.query<{ word: string; quoted: string }>(
      `select word, quote_ident(word) as quoted from pg_get_keywords()
       union all
       select w, quote_ident(w) from unnest(array['users', 'Users', 'odd name', 'a"b', '_x1$', '1abc', 'é', '', 'json', 'system_user']) w`,
    );
    expect(rows.length).toBeGreaterThan(400);
    const mismatches = rows.filter((r) => names.ident(r.word) !== r.quoted);
    expect(mismatches).toEqual([]);
  });

  test('a column named after a reserved word is quoted in the DDL, one named after an unreserved keyword is not, and a newer keyword as the server says', async () => {
    const model = await introspectSchema(db.client);
    const artifacts = emitDdl(model, ['keyword_names']);
    const ddl = contents(artifacts, paths(artifacts).find((path) => path.endsWith('_create_keyword_names.sql')) ?? 'no keyword_names file');
    expect(ddl).toContain('    "window" integer,\n');
    expect(ddl).toContain('    "authorization" integer,\n');
    expect(ddl).toContain('    comment integer,\n');
    expect(ddl).toContain('    abort integer,\n');
    // Keywords from PostgreSQL 16 on (system_user reserved, json not): quoted as each server's own pg_get_*def texts spell them.
    const { rows } = await db.client.query<{ quoted: string }>(`select quote_ident(w) as quoted from unnest(array['system_user', 'json']) w`);
    expect(rows).toHaveLength(2);
    for (const { quoted } of rows) expect(ddl).toContain(`    ${quoted} integer,\n`);
  });
});

describe('performance', () => {
  test('introspects and emits DDL for a 1,000-table schema, the same cold and warm (its time: npm run bench:generate)', async () => {
    const db = await createEmptyDatabase();
    try {
      const statements = ['create schema app_public'];
      for (let i = 0; i < 1000; i++) {
        const parent = i > 0 ? `, parent_id uuid references app_public.t${i - 1} on delete cascade` : '';
        statements.push(
          `create table app_public.t${i} (id uuid primary key default gen_random_uuid(), name text not null check (char_length(name) <= 50), kind text check (kind in ('a', 'b'))${parent})`,
          `comment on table app_public.t${i} is 'Table ${i}.'`,
          ...(i > 0 ? [`create index t${i}_parent_id_idx on app_public.t${i} (parent_id)`] : []),
        );
      }
      await db.client.query(statements.join(';\n'));
      const history = tableHistory([statements.join(';\n')]).map((h) => h.table);
      const run = async () => {
        const start = performance.now();
        const model = await introspectSchema(db.client);
        const introspected = performance.now();
        const artifacts = emitDdl(model, history);
        return { model, artifacts, introspect: introspected - start, emit: performance.now() - introspected };
      };
      // The first run pays for a cold server backend and cold JIT; the faster of two more is the warm time.
      const cold = await run();
      const warm = [await run(), await run()].reduce((a, b) => (a.introspect + a.emit <= b.introspect + b.emit ? a : b));
      const ms = (n: number): string => `${Math.round(n)} ms`;
      process.stderr.write(
        `1,000 tables: introspect ${ms(cold.introspect)} cold / ${ms(warm.introspect)} warm, emitDdl ${ms(cold.emit)} cold / ${ms(warm.emit)} warm\n`,
      );
      expect(warm.model.tables).toHaveLength(1000);
      expect(warm.artifacts).toHaveLength(1002);
      expect(warm.artifacts).toEqual(cold.artifacts);
    } finally {
      await db.drop();
    }
  }, 120_000);
});
