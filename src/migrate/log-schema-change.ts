import { log } from '../lib/log.ts';
import { describeSchemaChange, diffSchemas } from '../model/schema-diff.ts';
import type { SchemaModel } from '../model/schema-model.ts';

/** "schema change: …" and one indented line per table or function. */
export function logSchemaChange(command: string, heading: string, before: SchemaModel, after: SchemaModel): void {
  log.info(`${command}: ${heading}:`);
  describeSchemaChange(diffSchemas(before, after)).forEach((line) => log.info(`  ${line}`));
}
