// Names PostGraphile's global GraphileConfig namespace; a consumer's tsc finds it through this.
/// <reference types="postgraphile" preserve="true" />
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { valueSetEnumsPlugin, type ValueSetColumn } from './value-set-enums.ts';

/**
 * The API's PostGraphile configuration for a list of CHECK value sets, served
 * as GraphQL enums. Generation builds schema.graphql with the list of the
 * model it generates from (src/graphql/schema.ts), and so never loads the
 * generated list, which may be stale or missing until it writes it;
 * graphile.config.ts's `preset` is this with that generated list
 * (src/api/value-sets.ts, kept current by `cfdb check`).
 */
export function presetWith(columns: readonly ValueSetColumn[]): GraphileConfig.Preset {
  return {
    extends: [PostGraphileAmberPreset],
    plugins: [valueSetEnumsPlugin(columns)],
    // The API has no realtime fields, and the root Subscription type would take the
    // name PostGraphile gives the subscriptions table, leaving that table out of the API.
    disablePlugins: ['SubscriptionPlugin'],
    // A naming conflict or similar would otherwise only be logged, and the SDL silently lose a type.
    schema: { dontSwallowErrors: true },
  };
}
