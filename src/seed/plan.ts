import { UserError } from '../lib/errors.ts';

/**
 * How much data a seed makes. The scale is the number of usage logs (issue
 * #11: `--scale 1m` means 1,000,000 of them); every other table follows from
 * the number of users it implies, through the per-user rates of the
 * generators (src/seed/tables.ts). Pure: the tests and the benchmark read it.
 */
export interface SeedPlan {
  /** Usage logs: the scale itself. */
  usageLogs: number;
  /** Users, including the fixed identities alice and bob. */
  users: number;
}

/** The default: tens of users, enough for `npm run serve` to have something to show. */
export const DEFAULT_SCALE = 5_000;

/** One user per this many usage logs: a year of an active user's actions. */
export const USAGE_LOGS_PER_USER = 100;

/** The smallest scale: the two fixed identities need a user each. */
const MIN_SCALE = 2 * USAGE_LOGS_PER_USER;

export function seedPlan(scale: number): SeedPlan {
  return { usageLogs: scale, users: Math.max(2, Math.round(scale / USAGE_LOGS_PER_USER)) };
}

const suffixes: Record<string, number> = { k: 1_000, m: 1_000_000 };

/** `5000`, `50k`, `1m`, `2.5m` (underscores and commas allowed) → a whole number of usage logs. */
export function parseScale(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim().replace(/[_,]/g, ''));
  const value = match ? Math.round(Number(match[1]) * (suffixes[(match[2] ?? '').toLowerCase()] ?? 1)) : NaN;
  if (!Number.isSafeInteger(value) || value < MIN_SCALE) {
    throw new UserError(`seed: --scale ${text} is not a number of usage logs of at least ${MIN_SCALE}; use e.g. 5000, 50k or 1m.`);
  }
  return value;
}

/** --seed: a whole number, so the same value always means the same rows. */
export function parseSeed(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new UserError(`seed: --seed ${text} is not a whole number ≥ 0; use e.g. --seed 42.`);
  return value;
}

/**
 * --anchor: the "now" every generated time is relative to (sessions expire
 * after it, notifications are recent before it). Default: today, 00:00 UTC,
 * so seeding twice on one day gives identical rows and the data stays current.
 */
export function parseAnchor(text: string | undefined, today = new Date()): Date {
  if (text === undefined) return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const value = new Date(text);
  if (Number.isNaN(value.getTime())) throw new UserError(`seed: --anchor ${text} is not a date; use e.g. --anchor 2026-12-01 or 2026-12-01T12:00:00Z.`);
  return value;
}
