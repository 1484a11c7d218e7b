import { networkInterfaces } from 'node:os';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { apiRoles } from '../src/db/roles.ts';
import { graphqlInputAs } from '../src/graphql/graphql-input.ts';
import { graphqlSdlFromIntrospection, printSortedSchema } from '../src/graphql/schema.ts';
import { introspectCatalog } from '../src/introspect/introspect.ts';
import { API_HOST, startApiServer, type ApiServer } from '../src/serve/api-server.ts';
import { cliEnv, failureLines, runCli } from './helpers/cli.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { DevProcess } from './helpers/dev-process.ts';
import { insertSecurityFixture, type SecurityFixture } from './helpers/security-fixture.ts';

/**
 * `cfdb serve` over real HTTP: the API server on a migrated database with
 * users A and B (test/helpers/security-fixture.ts), queried as a frontend
 * would, with and without a session.
 */

let db: ScratchDatabase;
let fixture: SecurityFixture;
let server: ApiServer;

beforeAll(async () => {
  db = await createMigratedDatabase();
  fixture = await insertSecurityFixture(db.client);
  server = await startApiServer({ databaseUrl: db.url, port: 0, roles: apiRoles() });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

interface GraphqlResponse<T> {
  data?: T;
  errors?: { message: string }[];
}

async function post<T>(query: string, session?: string, url = server.graphqlUrl): Promise<GraphqlResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(session === undefined ? {} : { authorization: `Bearer ${session}` }) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as GraphqlResponse<T>;
}

interface Visible {
  currentUserId: string | null;
  allProjects: { nodes: { rowId: string }[] };
  allTemplates: { nodes: { rowId: string }[] };
}
const visible = '{ currentUserId allProjects { nodes { rowId } } allTemplates { nodes { rowId } } }';

describe('requests', () => {
  test("with A's session a query returns only A's rows, and with B's only B's", async () => {
    const asA = await post<Visible>(visible, fixture.session);
    expect(asA.errors).toBeUndefined();
    expect(asA.data?.currentUserId).toBe(fixture.a.users);
    expect(asA.data?.allProjects.nodes.map((n) => n.rowId)).toEqual([fixture.a.projects]);
    expect(asA.data?.allTemplates.nodes.map((n) => n.rowId).sort()).toEqual([fixture.a.templates, fixture.publicTemplate].sort());
    const asB = await post<Visible>(visible, fixture.b.sessions);
    expect(asB.data?.currentUserId).toBe(fixture.b.users);
    expect(asB.data?.allProjects.nodes.map((n) => n.rowId)).toEqual([fixture.b.projects]);
  });

  test('without a session (or with an expired one) the request is anonymous: no user, only public rows', async () => {
    for (const session of [undefined, fixture.expiredSession]) {
      const anonymous = await post<Visible>(visible, session);
      expect(anonymous.errors).toBeUndefined();
      expect(anonymous.data).toEqual({ currentUserId: null, allProjects: { nodes: [] }, allTemplates: { nodes: [{ rowId: fixture.publicTemplate }] } });
    }
  });

  test("a forbidden mutation is refused with a clear error: A may rename A's project but not change B's, nor write credits", async () => {
    const rename = (id: string): string =>
      `mutation { updateProjectByRowId(input: { rowId: "${id}", projectPatch: { name: "Renamed" } }) { project { name } } }`;
    const own = await post<{ updateProjectByRowId: { project: { name: string } } }>(rename(fixture.a.projects), fixture.session);
    expect(own.errors).toBeUndefined();
    expect(own.data?.updateProjectByRowId.project.name).toBe('Renamed');
    // PostGraphile reports an update that matched no row without an error, as a payload with no project; B's row is untouched.
    const others = await post(rename(fixture.b.projects), fixture.session);
    expect(others).toEqual({ data: { updateProjectByRowId: { project: null } } });
    const { rows } = await db.client.query<{ name: string }>('select name from app_public.projects where id = $1', [fixture.b.projects]);
    expect(rows[0]?.name).not.toBe('Renamed');
    const deleted = await post(`mutation { deleteProjectByRowId(input: { rowId: "${fixture.b.projects}" }) { clientMutationId } }`, fixture.session);
    expect(deleted.errors?.map((e) => e.message)).toEqual([
      "No values were deleted in collection 'projects' because no values you can delete were found matching these criteria.",
    ]);
    const intoB = await post(
      `mutation { createProject(input: { project: { name: "Mine", workbenchId: "${fixture.b.workbenches}" } }) { clientMutationId } }`,
      fixture.session,
    );
    expect(intoB.errors?.map((e) => e.message)).toEqual(['new row violates row-level security policy for table "projects"']);
    const credits = await post(`mutation { updateUserByRowId(input: { rowId: "${fixture.a.users}", userPatch: { creditBalance: "1000000" } }) { clientMutationId } }`, fixture.session);
    expect(credits.errors?.[0]?.message).toMatch(/^Cannot query field "updateUserByRowId" on type "Mutation"\./);
  });
});

describe('the server', () => {
  test('serves the schema generation commits: its introspection prints as schema.graphql does from the same database', async () => {
    const served = await post<IntrospectionQuery>(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(served.errors).toBeUndefined();
    const generated = await graphqlSdlFromIntrospection(graphqlInputAs(await introspectCatalog(db.client), apiRoles().visitor));
    expect(printSortedSchema(buildClientSchema(served.data as IntrospectionQuery))).toBe(generated);
  });

  test('listens on 127.0.0.1 only, and serves Ruru there', async () => {
    expect(new URL(server.graphqlUrl).hostname).toBe(API_HOST);
    const ruru = await fetch(server.ruruUrl, { headers: { accept: 'text/html' } });
    expect(await ruru.text()).toContain('<title>Ruru');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address?.family === 'IPv4' && !address.internal)?.address;
    // A machine with no other interface has nowhere else to listen.
    if (external !== undefined) {
      await expect(fetch(`http://${external}:${server.port}/graphql`)).rejects.toThrow();
    }
  });
});

describe('cfdb serve', () => {
  const env = (): NodeJS.ProcessEnv => cliEnv({ DATABASE_URL: db.url });

  test("--as <email> prints the header to send, requests with it act as that user, and Ctrl-C stops it", async () => {
    const { rows } = await db.client.query<{ email: string }>('select email from app_public.users where id = $1', [fixture.a.users]);
    const email = rows[0]?.email ?? '';
    const serve = new DevProcess(env(), ['--port', '0', '--as', email.toUpperCase()], 'serve');
    try {
      const graphql = (await serve.waitForLine(/^serve: GraphQL /)).line.replace(/^serve: GraphQL\s+/, '');
      const acting = await serve.waitForLine(/^serve: acting as /);
      expect(acting.line).toMatch(new RegExp(`^serve: acting as ${email} until \\S+; send the header$`));
      const header = (await serve.waitForLine(/^ {2}Authorization: Bearer /)).line.trim();
      const session = header.replace('Authorization: Bearer ', '');
      expect((await serve.waitForLine(/^ {2}Ruru headers: /)).line.trim()).toBe(`Ruru headers: { "Authorization": "Bearer ${session}" }`);
      const asA = await post<Visible>(visible, session, graphql);
      expect(asA.data?.currentUserId).toBe(fixture.a.users);
      expect(asA.data?.allProjects.nodes.map((n) => n.rowId)).toEqual([fixture.a.projects]);
    } finally {
      expect(await serve.interrupt()).toBe(0);
    }
  }, 120_000);

  test('--as an e-mail no user has fails with one line naming it and npm run seed', async () => {
    const result = await runCli(['serve', '--port', '0', '--as', 'nobody@example.com'], env());
    expect(result.code).toBe(1);
    expect(failureLines(result)).toEqual([
      'cfdb serve failed: no user has the e-mail nobody@example.com in this database; run `npm run seed` (it adds alice@example.com and bob@example.com) or pass an existing user\'s e-mail to --as.',
    ]);
  }, 120_000);

  test('--as is refused on a DATABASE_URL not on this machine, before connecting, unless --force', async () => {
    const result = await runCli(['serve', '--as', 'alice@example.com'], cliEnv({ DATABASE_URL: 'postgres://app:secret@db.example.invalid:5432/app' }));
    expect(result.code).toBe(1);
    expect(failureLines(result)).toEqual([
      'cfdb serve failed: serve refuses --as alice@example.com on DATABASE_URL (postgres://app:***@db.example.invalid:5432/app): it is not on this machine, ' +
        'and --as writes a 24-hour session that lets anyone holding it act as that user; pass --force if this really is a development database.',
    ]);
  });

  test('a port already in use is one line naming it', async () => {
    const result = await runCli(['serve', '--port', String(server.port)], env());
    expect(result.code).toBe(1);
    expect(failureLines(result)).toEqual([
      `cfdb serve failed: port ${server.port} on 127.0.0.1 is already in use; stop what listens there or pass another with --port.`,
    ]);
  }, 120_000);
});
