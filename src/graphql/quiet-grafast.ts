/**
 * Grafast warns on load when neither GRAPHILE_ENV nor NODE_ENV is set, then
 * runs in production mode anyway. Schema generation is a build step, so say
 * "production" explicitly and keep the CLI output to what matters. Imported
 * for its side effect before anything that loads grafast.
 */
if (process.env.GRAPHILE_ENV === undefined && process.env.NODE_ENV === undefined) {
  process.env.GRAPHILE_ENV = 'production';
}
