import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';
import { GRAPHQL_SCHEMA_PATH } from '../graphql/files.ts';
import type { ApiChange } from './change.ts';

/**
 * The changes from one schema.graphql to the next that break its consumers
 * (a removed type, field or enum value, an input that becomes required, a
 * changed type) or may change their behaviour (dangerous), as
 * @graphql-inspector/core classifies them. Additions are left out.
 */
export async function schemaChanges(previousSdl: string, nextSdl: string): Promise<ApiChange[]> {
  const changes = await diff(buildSchema(previousSdl), buildSchema(nextSdl));
  return changes.flatMap((change): ApiChange[] => {
    const level = change.criticality.level;
    if (level === CriticalityLevel.NonBreaking) return [];
    return [{ file: GRAPHQL_SCHEMA_PATH, level: level === CriticalityLevel.Breaking ? 'breaking' : 'dangerous', message: change.message }];
  });
}
