import { withClient } from '../db/client.ts';
import { UserError } from '../lib/errors.ts';

/**
 * `cfdb serve --as <email>`: a sessions row for an existing user, written as
 * the owner (visitors may not sign in), so a developer can act as that user.
 */

export const DEV_SESSION_HOURS = 24;

export interface DevSession {
  id: string;
  email: string;
  expiresAt: Date;
}

export async function createDevSession(ownerUrl: string, email: string): Promise<DevSession> {
  return withClient(ownerUrl, async (client) => {
    // users_email_key is unique on lower(email), so at most one user matches.
    const { rows: [row] } = await client.query<{ id: string; email: string; expires_at: Date }>(
      `insert into app_public.sessions (user_id, device_info, ip_address, expires_at)
       select id, 'cfdb serve --as (dev session)', '127.0.0.1', now() + make_interval(hours => $2)
         from app_public.users where lower(email) = lower($1)
       returning id, (select u.email from app_public.users u where u.id = user_id) as email, expires_at`,
      [email, DEV_SESSION_HOURS],
    );
    if (!row) {
      throw new UserError(`no user has the e-mail ${email} in this database; run \`npm run seed\` (it adds alice@example.com and bob@example.com) or pass an existing user's e-mail to --as.`);
    }
    return { id: row.id, email: row.email, expiresAt: row.expires_at };
  });
}

/** What to send to act as the session's user: the header, and the same as JSON for Ruru's headers pane. */
export function sessionHeaders(session: DevSession): { header: string; ruru: string } {
  const value = `Bearer ${session.id}`;
  return { header: `Authorization: ${value}`, ruru: JSON.stringify({ Authorization: value }, null, 1).replace(/\n\s*/g, ' ') };
}
