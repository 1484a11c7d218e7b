/**
 * squawk reads `-- squawk-ignore <rule>[, <rule>] -- <reason>`; anything else
 * after the rule names it takes for one more (unknown) rule. People write the
 * reason after a colon, `-- squawk-ignore <rule>: <reason>`, so that form is
 * rewritten into squawk's before linting. Only the comment changes, so the
 * line numbers of every finding stay the same.
 */
const colonReason = /^(\s*--\s*squawk-ignore(?:-file)?\s+[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*:\s*(\S.*)$/;

export function normalizeIgnoreComments(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(colonReason, '$1 -- $2'))
    .join('\n');
}
