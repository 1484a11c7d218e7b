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

/** The one line printed for any error; stack traces only with --verbose. */
export function describeError(error: unknown, verbose = false): string {
  const text =
    error instanceof Error
      ? verbose && !(error instanceof UserError)
        ? (error.stack ?? error.message)
        : error.message
      : String(error);
  const line = verbose ? text : text.split('\n').find((l) => l.trim() !== '') ?? text;
  return maskSecrets(line.trim());
}
