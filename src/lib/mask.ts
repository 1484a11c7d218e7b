/**
 * Hides the password of every connection URL in a text. Used on every line that
 * leaves the process, errors included, so a secret never reaches a log.
 */
const urlPassword = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@\s/]*)(@)/gi;
const keywordPassword = /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi;

export function maskSecrets(text: string): string {
  return text.replace(urlPassword, '$1***$3').replace(keywordPassword, '$1***');
}
