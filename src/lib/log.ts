import { maskSecrets } from './mask.ts';

/** Progress and results go to stderr/stdout through here, always with secrets masked. */
export const log = {
  info(message: string): void {
    process.stdout.write(`${maskSecrets(message)}\n`);
  },
  step(message: string): void {
    process.stderr.write(`${maskSecrets(message)}\n`);
  },
  error(message: string): void {
    process.stderr.write(`${maskSecrets(message)}\n`);
  },
};
