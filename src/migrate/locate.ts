/**
 * Where a statement that failed without a position most likely is. PostgreSQL
 * gives no position for some errors ("already exists", "does not exist", a
 * violated constraint), and graphile-migrate sends a whole file as one query,
 * so the failed statement is found by the names the error carries: the first
 * code line (comments aside) that names one of them, in the order the error
 * gives them, and, for "already exists", one that creates or adds something.
 */

export interface ErrorNames {
  message: string;
  table?: string;
  column?: string;
  constraint?: string;
}

/** The 1-based line and its text, or undefined when no line names the object. */
export function locateByName(text: string, error: ErrorNames, creates: boolean): { line: number; statement: string } | undefined {
  const quoted = [...error.message.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
  const names = [...quoted, error.constraint, error.table, error.column].filter((n): n is string => !!n);
  const lines = text.split('\n').map((line) => line.replace(/--.*$/, ''));
  for (const name of names) {
    const mention = new RegExp(`(^|[^\\w$])("?)${escapeRegExp(name)}\\2($|[^\\w$"])`, 'i');
    const index = lines.findIndex((code) => mention.test(code) && (!creates || /\b(create|add|rename)\b/i.test(code)));
    if (index >= 0) return { line: index + 1, statement: (text.split('\n')[index] ?? '').trim() };
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
