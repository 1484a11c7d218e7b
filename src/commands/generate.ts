import { prepareGeneration } from '../generate/artifacts.ts';
import { regenerate } from '../generate/regenerate.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

export const generateCommand: Command = {
  name: 'generate',
  summary: 'regenerate types, GraphQL SDL, DDL, ERD and docs from the current database (no migrations run)',
  usage: 'cfdb generate',
  async run() {
    const generation = prepareGeneration();
    await withDatabases('generate', {}, (connections) => regenerate(connections.databaseUrl, 'generate', generation));
  },
};
