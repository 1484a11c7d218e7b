import { withClient } from './client.ts';

/** The URL of another database on the same server. */
export function siblingUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Runs fn on a brand-new empty database next to rootUrl's, and drops it
 * afterwards whatever happens.
 */
export async function withScratchDatabase<T>(rootUrl: string, name: string, fn: (url: string) => Promise<T>): Promise<T> {
  const drop = (): Promise<unknown> =>
    withClient(rootUrl, (client) => client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`));
  await drop();
  await withClient(rootUrl, (client) => client.query(`create database ${client.escapeIdentifier(name)} template template0`));
  try {
    return await fn(siblingUrl(rootUrl, name));
  } finally {
    await drop();
  }
}
