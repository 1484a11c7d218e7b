import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareArtifacts, toBytes } from '../src/generate/compare.ts';
import { generateArtifacts, type Generation } from '../src/generate/artifacts.ts';
import { applyArtifacts, readGeneratedFiles } from '../src/generate/files.ts';
import { isGeneratedPath } from '../src/lib/generated-paths.ts';
import type { Artifact } from '../src/emit/artifact.ts';
import { runEmitters } from '../src/emit/emitter.ts';
import { modelEmitters } from '../src/emit/emitters.ts';
import { GRAPHQL_SCHEMA_PATH, GRAPHQL_TYPES_PATH, graphqlArtifacts } from '../src/graphql/files.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { readTableHistory } from '../src/migrate/table-history.ts';
import { withCacheDir } from './helpers/cache-dir.ts';
import { cliEnv, failureLines, runCliInProcess } from './helpers/cli.ts';
import { createMigratedDatabase, rootUrl, type ScratchDatabase } from './helpers/database.ts';
import { makeTempDir } from './helpers/temp-dir.ts';
import { byKey } from '../src/lib/compare.ts';

let db: ScratchDatabase;
let first: Generation;
let second: Generation;
/** A third run on the first one's cache: GraphQL output and PNGs read back, nothing rebuilt. */
let cached: Generation;
const caches = [makeTempDir('cfdb-generate-cache'), makeTempDir('cfdb-generate-cache')];

/**
 * Each artifact as its path, whether it is text or bytes, and the SHA-256 of its bytes. Comparing these rather than the artifacts
 * is as strict, lists the files that differ rather than the bytes of every PNG, and spares jest's
 * deep equality, which walks a typed array index by index (13 s of this file's CPU on the PNGs).
 */
const digests = (artifacts: readonly Artifact[]): string[] => artifacts.map((a) => `${a.path} ${typeof a.contents === 'string' ? 'text' : 'bytes'} ${createHash('sha256').update(toBytes(a.contents)).digest('hex')}`);

/** Generation with CFDB_CACHE_DIR at dir. */
function generateWithCache(url: string, dir: string): Promise<Generation> {
  return withCacheDir(dir, () => generateArtifacts(url));
}

beforeAll(async () => {
  db = await createMigratedDatabase();
  // Each of the first two starts from an empty cache, so both compute everything.
  first = await generateWithCache(db.url, caches[0] ?? '');
  second = await generateWithCache(db.url, caches[1] ?? '');
  cached = await generateWithCache(db.url, caches[0] ?? '');
}, 120_000);
afterAll(async () => {
  await db.drop();
  for (const dir of caches) rmSync(dir, { recursive: true, force: true });
});

describe('generation', () => {
  test('produces every kind of artifact, all inside the generated folders', () => {
    const paths = first.artifacts.map((a) => a.path);
    for (const expected of [
      'src/generated/db.ts',
      'src/generated/schema.graphql',
      'src/generated/graphql.ts',
      'src/generated/zod.ts',
      'src/api/value-sets.ts',
      'ddl/schema.sql',
      'ddl/tables/add_forward_foreign_keys.sql',
      'docs/diagrams/creativeflow_ai_erd.svg',
      'docs/diagrams/creativeflow_ai_erd.png',
      'docs/erd.md',
      'docs/README.md',
      'docs/tables/users.md',
    ]) {
      expect(paths).toContain(expected);
    }
    expect(paths.filter((p) => p.startsWith('docs/tables/'))).toHaveLength(22);
    expect(paths.filter((p) => /^ddl\/tables\/\d{3}_create_/.test(p))).toHaveLength(22);
    expect(paths.filter((p) => !isGeneratedPath(p))).toEqual([]);
    expect([...paths].sort()).toEqual(paths);
  });

  test('two runs give byte-identical files', () => {
    expect(second.artifacts.map((a) => a.path)).toEqual(first.artifacts.map((a) => a.path));
    second.artifacts.forEach((artifact, i) => {
      expect({ path: artifact.path, same: Buffer.compare(toBytes(artifact.contents), toBytes(first.artifacts[i]!.contents)) === 0 }).toEqual({
        path: artifact.path,
        same: true,
      });
    });
  });

  test('a run on a filled cache reads back the GraphQL output and the PNGs, byte-identical', () => {
    expect(first.timings['graphql schema']).toBeGreaterThan(0);
    expect(cached.timings['graphql schema']).toBeUndefined();
    expect(digests(cached.artifacts)).toEqual(digests(first.artifacts));
  });

  test('a cached GraphQL output that is not valid is built again and replaced', async () => {
    const dir = join(caches[0] ?? '', 'graphql');
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file ?? ''), '{"sdl": 1}');
    const rebuilt = await generateWithCache(db.url, caches[0] ?? '');
    expect(rebuilt.timings['graphql schema']).toBeGreaterThan(0);
    expect(digests(rebuilt.artifacts)).toEqual(digests(first.artifacts));
    const stored = graphqlArtifacts(JSON.parse(readFileSync(join(dir, file ?? ''), 'utf8')) as { sdl: string; types: string });
    const byPath = byKey((artifact: { path: string }) => artifact.path);
    expect([...stored].sort(byPath)).toEqual(rebuilt.artifacts.filter((a) => stored.some((s) => s.path === a.path)).sort(byPath));
  }, 60_000);

  test('no output names a path, port, host or database of this run', () => {
    const { hostname, port } = new URL(db.url);
    const forbidden = [repoRoot, tmpdir(), db.name, hostname, `:${port}`, 'localhost'];
    for (const artifact of first.artifacts) {
      if (typeof artifact.contents !== 'string') continue;
      for (const needle of forbidden) {
        expect({ path: artifact.path, contains: needle, found: artifact.contents.includes(needle) }).toEqual({
          path: artifact.path,
          contains: needle,
          found: false,
        });
      }
    }
  });

  test('its files are those of the one list of model emitters (src/emit/emitters.ts) and the two GraphQL files', async () => {
    const tableHistory = readTableHistory({ current: true })
      .filter((h) => h.schema === first.model.schema)
      .map((h) => h.table);
    const fromList = await withCacheDir(caches[0] ?? '', () => runEmitters(modelEmitters, first.model, { tableHistory }, {}));
    const graphql = [GRAPHQL_SCHEMA_PATH, GRAPHQL_TYPES_PATH];
    const byPath = (x: { path: string }, y: { path: string }): number => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0);
    expect(digests(first.artifacts.filter((a) => !graphql.includes(a.path)))).toEqual(digests([...fromList].sort(byPath)));
  }, 60_000);

  test('the committed generated files are exactly what the committed migrations produce', () => {
    const diff = compareArtifacts(first.artifacts, readGeneratedFiles(repoRoot));
    expect({ missing: diff.missing, stale: diff.stale, orphaned: diff.orphaned }).toEqual({ missing: [], stale: [], orphaned: [] });
  });
});

describe('cfdb check', () => {
  let tree: string;
  beforeEach(() => {
    tree = makeTempDir('cfdb-tree');
    const artifacts = first.artifacts;
    applyArtifacts(tree, artifacts, compareArtifacts(artifacts, new Map()));
  });
  afterEach(() => rmSync(tree, { recursive: true, force: true }));

  const check = () =>
    runCliInProcess(['check'], cliEnv({ DATABASE_URL: db.url, ROOT_DATABASE_URL: rootUrl(), CFDB_OUTPUT_DIR: tree }));

  test('passes on a current tree, and lists every stale, missing and orphaned file otherwise', async () => {
    const clean = await check();
    expect(clean.stderr).not.toMatch(/^cfdb /m);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain(`check: all ${first.artifacts.length} generated files match the committed migrations`);

    appendFileSync(join(tree, 'src/generated/db.ts'), '\n// hand edit\n');
    rmSync(join(tree, 'docs/tables/users.md'));
    writeFileSync(join(tree, 'docs/tables/dropped_table.md'), '# gone\n');
    const dirty = await check();
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toContain('check: missing  docs/tables/users.md');
    expect(dirty.stderr).toContain('check: stale    src/generated/db.ts');
    expect(dirty.stderr).toContain('check: orphaned docs/tables/dropped_table.md');
    expect(failureLines(dirty)).toEqual([
      'cfdb check failed: 3 generated files are out of date; run `npm run generate` (after `npm run migrate`) and commit the result.',
    ]);
  }, 120_000);
});
