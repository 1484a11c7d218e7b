/**
 * The chain's PostGraphile step in `npm run bench:generate`: what a user
 * without this project runs to get schema.graphql. The documented way in
 * PostGraphile 5 is the CLI with `schema.exportSchemaSDLPath` in its preset
 * (the file is written, sorted, once the schema is built; the CLI then
 * serves it). Plain JavaScript, as a user's config would be, so the CLI
 * needs no TypeScript loader. Amber as our API's preset is, without the
 * SubscriptionPlugin as ours, so the two build the same kind of schema.
 */
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

export default {
  extends: [PostGraphileAmberPreset],
  disablePlugins: ['SubscriptionPlugin'],
  schema: { exportSchemaSDLPath: process.env.CFDB_BENCH_SDL_PATH, sortExport: true },
};
