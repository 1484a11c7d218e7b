import { withClient } from '../db/client.ts';
import type { Connections } from '../db/connections.ts';
import { introspectSchema } from '../introspect/introspect.ts';
import { UserError } from '../lib/errors.ts';
import type { SchemaModel } from '../model/schema-model.ts';

/** SHADOW_DATABASE_URL of this run, which commit and uncommit cannot do without. */
export function shadowOf(connections: Connections): string {
  if (!connections.shadowUrl) throw new UserError('this command needs SHADOW_DATABASE_URL; point it at a scratch database it may drop and recreate.');
  return connections.shadowUrl;
}

/** The schema of the shadow database, which graphile-migrate's commit and uncommit leave holding exactly the committed migrations. */
export function shadowSchema(connections: Connections): Promise<SchemaModel> {
  return withClient(shadowOf(connections), (client) => introspectSchema(client));
}
