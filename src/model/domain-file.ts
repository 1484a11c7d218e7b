import { readFileSync } from 'node:fs';
import JSON5 from 'json5';
import { UserError } from '../lib/errors.ts';
import { displayPath } from '../lib/paths.ts';

/** One domain as src/model/domains.json5 defines it. */
export interface DomainDefinition {
  slug: string;
  title: string;
  summary: string;
  tables: readonly string[];
}

/**
 * Reads and checks the domain map, so that a mistake is one line naming the
 * file and the entry rather than a broken diagram: every entry has a
 * file-name slug, a title, a summary and table names, and no table or slug
 * appears twice.
 */
export function readDomainFile(path: string): DomainDefinition[] {
  const where = displayPath(path);
  let parsed: unknown;
  try {
    parsed = JSON5.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(`${where} could not be read: ${error instanceof Error ? error.message : String(error)}; fix its JSON5.`);
  }
  if (!Array.isArray(parsed)) throw new UserError(`${where} must hold a list of domains ({ slug, title, summary, tables }).`);
  const slugs = new Set<string>();
  const owners = new Map<string, string>();
  return parsed.map((entry: unknown, index) => {
    const domain = checkedEntry(entry, `${where}: domain ${index + 1}`);
    if (slugs.has(domain.slug)) throw new UserError(`${where}: the slug "${domain.slug}" is used twice; give each domain its own.`);
    slugs.add(domain.slug);
    for (const table of domain.tables) {
      const owner = owners.get(table);
      if (owner) throw new UserError(`${where}: table "${table}" is in both "${owner}" and "${domain.slug}"; keep it in one domain.`);
      owners.set(table, domain.slug);
    }
    return domain;
  });
}

function checkedEntry(entry: unknown, where: string): DomainDefinition {
  const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  const text = (key: string): string => {
    const value = e[key];
    if (typeof value !== 'string' || value.trim() === '') throw new UserError(`${where} has no ${key}; give it one (a non-empty string).`);
    return value;
  };
  const slug = text('slug');
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw new UserError(`${where}: slug "${slug}" is not a file name of lowercase words joined by hyphens.`);
  const tables = e.tables;
  if (!Array.isArray(tables) || !tables.every((t): t is string => typeof t === 'string')) {
    throw new UserError(`${where} ("${slug}") needs tables: a list of table names.`);
  }
  return { slug, title: text('title'), summary: text('summary'), tables };
}
