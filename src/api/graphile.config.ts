// The declarations name PostGraphile's global GraphileConfig and Grafast namespaces; a consumer's tsc finds them through this.
/// <reference types="postgraphile" preserve="true" />
import { DEFAULT_VISITOR_ROLE, SESSION_HEADER, sessionIdFromAuthorization, visitorPgSettings } from './identity.ts';
import { presetWith } from './preset-with.ts';
import { valueSetColumns } from './value-sets.ts';

export { presetWith };

/**
 * The one PostGraphile preset of the API (presetWith), with the generated
 * value-set list: `cfdb serve` serves it, and the package exports it as
 * @creativeflow/db/graphile.config, so a backend mounts exactly the
 * configuration whose SDL is committed. Everything but the connection: a
 * server adds its own pgServices, each given `pgSettings` below.
 */
export const preset: GraphileConfig.Preset = presetWith(valueSetColumns);

export default preset;

/** What makePgService's `pgSettings` is given: the request as the server adaptor (grafserv) describes it. */
export type RequestContext = Partial<Grafast.RequestContext>;

/**
 * The identity contract (docs/security.md) as makePgService's `pgSettings`:
 * every request runs as the visitor role, with the session its
 * `Authorization: Bearer <session id>` header carries, or anonymous without one.
 */
export function pgSettingsFor(visitorRole: string = DEFAULT_VISITOR_ROLE): (requestContext: RequestContext) => Record<string, string> {
  return (requestContext) => visitorPgSettings(sessionIdFromAuthorization(requestContext.http?.getHeader(SESSION_HEADER)), visitorRole);
}

/** pgSettingsFor the default visitor role, creativeflow_visitor. */
export const pgSettings = pgSettingsFor();
