import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import { z } from 'zod';
import { UserError } from '../lib/errors.ts';
import { displayPath, repoRoot } from '../lib/paths.ts';

/** The plan `lint:schema --citus` checks: one placement per table (see the file's own header). */
export const citusPlanPath = process.env.CFDB_CITUS_PLAN ?? join(repoRoot, 'src', 'schema-lint', 'citus-plan.json5');

const why = z.string().trim().min(1);

const placement = z.discriminatedUnion('role', [
  z.strictObject({
    role: z.literal('distributed'),
    column: z.string().min(1),
    colocateWith: z.string().min(1).optional(),
    adds: z.string().trim().min(1).optional(),
    dropForeignKeys: z.record(z.string(), why).optional(),
    why,
  }),
  z.strictObject({ role: z.literal('reference'), why }),
  z.strictObject({ role: z.literal('local'), why }),
]);

const planFile = z.strictObject({ schema: z.string().min(1), tables: z.record(z.string(), placement) });

export type CitusPlacement = z.infer<typeof placement>;
export type CitusRole = CitusPlacement['role'];
export type DistributedPlacement = Extract<CitusPlacement, { role: 'distributed' }>;

export interface CitusPlan {
  schema: string;
  tables: ReadonlyMap<string, CitusPlacement>;
  /** Where it was read from, for messages. */
  source: string;
}

/**
 * Parses and checks a plan, so that a mistake is one line naming the file
 * and the entry: every table has a role and a reason, a distributed table a
 * column, and `colocateWith` names a distributed table that starts its own
 * group (co-location is one level deep in Citus: all members share the
 * anchor's shards).
 */
export function parseCitusPlan(text: string, source: string): CitusPlan {
  let raw: unknown;
  try {
    raw = JSON5.parse(text);
  } catch (error) {
    throw new UserError(`${source} could not be read: ${error instanceof Error ? error.message : String(error)}; fix its JSON5.`);
  }
  const parsed = planFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'the top level';
    throw new UserError(`${source}: ${where}: ${issue?.message ?? 'invalid'}; see the roles described at the top of the file.`);
  }
  const tables = new Map(Object.entries(parsed.data.tables));
  for (const [table, entry] of tables) {
    if (entry.role !== 'distributed' || entry.colocateWith === undefined) continue;
    const anchor = tables.get(entry.colocateWith);
    if (anchor?.role !== 'distributed' || anchor.colocateWith !== undefined) {
      throw new UserError(
        `${source}: ${table}.colocateWith names "${entry.colocateWith}", which is not a distributed table of its own group; name the group's first table.`,
      );
    }
  }
  return { schema: parsed.data.schema, tables, source };
}

export function readCitusPlan(path = citusPlanPath): CitusPlan {
  return parseCitusPlan(readFileSync(path, 'utf8'), displayPath(path));
}

/** The table whose shards a distributed table shares: its colocateWith, or itself. */
export function colocationGroup(table: string, placement: DistributedPlacement): string {
  return placement.colocateWith ?? table;
}

/** The placement of a table the plan distributes, or undefined. */
export function distributed(plan: CitusPlan, table: string): DistributedPlacement | undefined {
  const entry = plan.tables.get(table);
  return entry?.role === 'distributed' ? entry : undefined;
}

