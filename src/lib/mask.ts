/**
 * Hides the password of every connection URL in a text. Used on every line that
 * leaves the process, errors included, so a secret never reaches a log.
 *
 * A password is whatever stands between the first ':' of `user:password@host`
 * and the last '@' before the host, so a raw '@' in it (which libpq and pg
 * accept) is hidden whole; the scheme is not required, so a mistyped URL
 * (`postgres:/user:pw@host`, `user:pw@host`) is masked too.
 */
const urlPassword = /(^|[\s/='",;])([^\s/:@]*:)([^\s/]*)(@)/g;
const keywordPassword = /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi;

export function maskSecrets(text: string): string {
  return text.replace(urlPassword, '$1$2***$4').replace(keywordPassword, '$1***');
}
