import type pg from 'pg';
import { introspectSchema } from '../introspect/introspect.ts';
import { citusCreateOrder } from './citus-order.ts';
import type { CitusPlan } from './citus-plan.ts';
import { citusRules } from './citus-rules.ts';
import { lintSchema } from './lint-schema.ts';
import type { SchemaFinding } from './rule.ts';

export interface CitusLint {
  /** What must change before the schema can be placed as the plan says, sorted. */
  findings: SchemaFinding[];
  /** The statements that would place it, in an order that works (citus-order.ts). */
  createOrder: string[];
}

/** Checks the database client is connected to against the plan; Citus itself is never asked (it is not installed). */
export async function lintCitus(client: pg.Client, plan: CitusPlan): Promise<CitusLint> {
  const findings = await lintSchema(client, citusRules(plan));
  const model = await introspectSchema(client, plan.schema);
  return { findings, createOrder: citusCreateOrder(plan, model.tables) };
}
