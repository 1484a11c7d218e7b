/**
 * The identity contract of docs/security.md ("Identity"), for any server that
 * acts for a visitor: PostGraphile through graphile.config.ts, or a backend
 * that opens its own transactions. It imports nothing, so a backend may use it
 * without PostGraphile (the package exports it as @creativeflow/db/identity).
 */

/** The visitor role's name unless DATABASE_VISITOR names another (src/db/roles.ts). */
export const DEFAULT_VISITOR_ROLE = 'creativeflow_visitor';

/** The transaction setting app_public.current_user_id() reads the session id from. */
export const SESSION_SETTING = 'jwt.claims.session_id';

/** The request header that carries the session: `Authorization: Bearer <sessions.id>`. */
export const SESSION_HEADER = 'authorization';

/**
 * The session id of an Authorization header value, or undefined (an anonymous
 * request) for none or one that is not `Bearer <id>`. The id is not checked
 * here: the database treats an unknown, malformed or expired one as anonymous.
 */
export function sessionIdFromAuthorization(header: string | null | undefined): string | undefined {
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')?.[1];
}

/**
 * The settings of one request's transaction: always the visitor role (a
 * request never runs as the role the server connected as), and the session
 * when there is one. PostGraphile applies them as `set_config(…, true)`,
 * which is `set local`.
 */
export function visitorPgSettings(sessionId: string | undefined, visitorRole: string = DEFAULT_VISITOR_ROLE): Record<string, string> {
  return sessionId === undefined ? { role: visitorRole } : { role: visitorRole, [SESSION_SETTING]: sessionId };
}
