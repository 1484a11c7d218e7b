import { maskSecrets } from './mask.ts';

/**
 * An error meant for a person: its message is one line that says what went wrong
 * and what to do. The CLI prints it without a stack trace.
 */
export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}

/**
 * The text of any thrown value. Node's AggregateError (e.g. ECONNREFUSED on both
 * ::1 and 127.0.0.1) has an empty message, so fall back to its code and parts.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message) return error.message;
  const parts = error instanceof AggregateError ? error.errors.map(errorText) : [];
  const code = (error as { code?: string }).code;
  return [code, ...new Set(parts)].filter(Boolean).join(': ') || error.name;
}

/** The one line printed for any error; with --verbose, the stack trace too. */
export function describeError(error: unknown, verbose = false): string {
  if (verbose) return maskSecrets(verboseText(error).trim());
  const text = error instanceof Error ? errorText(error) : String(error);
  return maskSecrets((text.split('\n').find((l) => l.trim() !== '') ?? text).trim());
}

/** A stack trace; for a UserError, its message and then the trace of the error it explains. */
function verboseText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!(error instanceof UserError)) return error.stack ?? error.message;
  return error.cause === undefined ? error.message : `${error.message}\ncaused by: ${verboseText(error.cause)}`;
}
