import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import type { Connections } from '../db/connections.ts';
import type { Artifact } from '../emit/artifact.ts';
import { ArtifactGenerator, phaseOf, type Phase } from '../generate/artifacts.ts';
import type { ArtifactDiff } from '../generate/compare.ts';
import { writeChangedArtifacts } from '../generate/files.ts';
import type { CatalogIntrospection } from '../introspect/introspect.ts';
import { describeError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { timed, type StageTimings } from '../lib/timings.ts';
import { currentMigrationPath, displayPath } from '../lib/paths.ts';
import { describeMigrationError } from '../migrate/errors.ts';
import { runCurrentText } from '../migrate/graphile.ts';
import { migrateSettings } from '../migrate/settings.ts';
import { withoutComments } from '../migrate/sql-words.ts';
import { readTableHistory } from '../migrate/table-history.ts';

/**
 * One turn of the development loop: run migrations/current.sql on the dev
 * database (through graphile-migrate's public `run`, when it changed apart
 * from comments and whitespace since its last successful run), then regenerate
 * every artifact from that database in three phases, each written as soon as
 * it is ready: the model's files (types, DDL, docs), then the GraphQL SDL and
 * its types (built on a worker thread meanwhile), then the diagrams.
 * Everything that is slow to start (the database pools, PostGraphile,
 * codegen, Graphviz) stays warm between turns.
 */

/** What one phase wrote, and when: from the start of the turn to its files on disk. */
export interface PhaseReport {
  /** Files written or removed, sorted. */
  changed: string[];
  doneMs: number;
}

export type CycleReport =
  | {
      outcome: 'generated';
      /** False when current.sql differed from the last run only in comments or whitespace. */
      applied: boolean;
      phases: Record<Phase, PhaseReport>;
      timings: StageTimings;
    }
  /** current.sql differed only in comments or whitespace, and the artifacts were already current. */
  | { outcome: 'unchanged'; totalMs: number }
  /** `error` is one line; the stage that failed wrote nothing. */
  | { outcome: 'failed'; stage: 'apply' | 'generate'; error: string; totalMs: number }
  /** The phases before the one that failed are written: the model's files before GraphQL, and GraphQL's before the diagrams. */
  | { outcome: 'failed'; stage: 'graphql'; error: string; totalMs: number; model: PhaseReport }
  | { outcome: 'failed'; stage: 'diagrams'; error: string; totalMs: number; model: PhaseReport; graphql: PhaseReport };

const changedPaths = (diff: ArtifactDiff): string[] => [...diff.missing, ...diff.stale, ...diff.orphaned].sort();

export class DevCycle {
  private readonly generator = new ArtifactGenerator();
  private client?: pg.Client;
  /** Whether the files on disk are known to match the database: false until a turn has generated them. */
  private current = false;

  private constructor(
    private readonly databaseUrl: string,
    private readonly outputRoot: string,
    /** Runs current.sql; false when it was skipped as unchanged apart from comments and whitespace. */
    private readonly applyCurrent: () => Promise<boolean>,
  ) {}

  /**
   * current.sql without comments and layout as it last ran without error here;
   * undefined until then, so a loop's first turn always runs it, on top of
   * whatever committed migrations arrived since (a teammate's, after a pull).
   */
  private lastApplied?: string;

  static async open(connections: Connections, outputRoot: string): Promise<DevCycle> {
    const settings = migrateSettings(connections, {
      info: () => undefined,
      // run throws its SQL errors; what graphile-migrate logs as an error is its pool losing the connection
      // (the server stopped under it, as a Ctrl-C in the terminal does), after which it exits the process.
      error: (message) => log.error(`dev: lost the database connection (${message}); stopping.`),
    });
    const cycle: DevCycle = new DevCycle(connections.databaseUrl, outputRoot, async () => {
      const text = existsSync(currentMigrationPath) ? readFileSync(currentMigrationPath, 'utf8') : '';
      const key = withoutComments(text);
      if (key === cycle.lastApplied) return false;
      // A failed run leaves nothing to compare with: the same text runs again next turn.
      cycle.lastApplied = undefined;
      await runCurrentText(settings, text);
      cycle.lastApplied = key;
      return true;
    });
    // PostGraphile and codegen load on their thread while the first turn applies current.sql.
    cycle.generator.warmUp();
    return cycle;
  }

  async run(): Promise<CycleReport> {
    const started = performance.now();
    const elapsed = (): number => performance.now() - started;
    const timings: StageTimings = {};
    let applied: boolean;
    try {
      applied = await timed(timings, 'apply', this.applyCurrent);
    } catch (error) {
      // Every apply failure names the file, with its line where PostgreSQL gave a position or the error names the object.
      const located = describeMigrationError(error, currentMigrationPath) ?? `${displayPath(currentMigrationPath)}: ${describeError(error)}`;
      return { outcome: 'failed', stage: 'apply', error: located, totalMs: elapsed() };
    }
    if (!applied && this.current) return { outcome: 'unchanged', totalMs: elapsed() };

    this.current = false;
    /** Writes one phase's files and notes what changed, and when. */
    const write = (phase: Phase, artifacts: Artifact[]): PhaseReport => {
      const diff = writeChangedArtifacts(this.outputRoot, artifacts, (path) => phaseOf(path) === phase);
      return { changed: changedPaths(diff), doneMs: elapsed() };
    };
    let catalog: CatalogIntrospection;
    let graphqlFiles: Promise<Artifact[]>;
    let model: PhaseReport;
    try {
      catalog = await this.generator.introspect(await this.connected(), timings);
      const primary = await this.generator.primary(catalog, readTableHistory({ current: true }), timings);
      graphqlFiles = primary.graphql;
      model = await timed(timings, 'write', () => write('model', primary.fromModel));
    } catch (error) {
      // A lost connection is opened afresh next turn.
      await this.closeClient();
      return { outcome: 'failed', stage: 'generate', error: describeError(error), totalMs: elapsed() };
    }
    let graphql: PhaseReport;
    try {
      const files = await graphqlFiles;
      graphql = await timed(timings, 'write graphql', () => write('graphql', files));
      // While the first turn renders its diagrams, so that the first save does not wait for it.
      this.generator.warmGraphql(catalog);
    } catch (error) {
      return { outcome: 'failed', stage: 'graphql', error: describeError(error), totalMs: elapsed(), model };
    }
    try {
      const files = await this.generator.diagrams(catalog.model, timings);
      const diagrams = await timed(timings, 'write diagrams', () => write('diagrams', files));
      this.current = true;
      return { outcome: 'generated', applied, phases: { model, graphql, diagrams }, timings };
    } catch (error) {
      return { outcome: 'failed', stage: 'diagrams', error: describeError(error), totalMs: elapsed(), model, graphql };
    }
  }

  /** Makes the next turn regenerate even if current.sql is unchanged: something else generation reads (the domain map) changed. */
  regenerateNextTurn(): void {
    this.current = false;
  }

  /** The introspection connection, kept open between turns and opened again after a failure. */
  private async connected(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('error', () => {
      if (this.client === client) this.client = undefined;
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private async closeClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Closes the connection and stops the GraphQL thread. */
  async close(): Promise<void> {
    await Promise.all([this.closeClient(), this.generator.close()]);
  }
}
