import { parse } from 'pg-connection-string';

const localHosts = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '']);

/** True for a server on this machine (loopback or a unix socket), the only kind an erasing command touches without --force. */
export function isLocalUrl(url: string): boolean {
  const host = parse(url).host ?? '';
  return localHosts.has(host) || host.startsWith('/') || /^127\./.test(host);
}
