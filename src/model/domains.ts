import { byName } from '../lib/compare.ts';
import { domainsPath } from '../lib/paths.ts';
import { readDomainFile, type DomainDefinition } from './domain-file.ts';
import type { SchemaModel, TableModel } from './schema-model.ts';

/**
 * The business domains and the tables each owns, from src/model/domains.json5
 * (where the placements are explained). The ERD draws one diagram per domain
 * and the docs group tables by it, so every table lands in exactly one domain;
 * a table nobody has placed yet (a new migration) lands in "Other" instead of
 * disappearing from the docs. The map is read once, and again by
 * reloadDomains() when `dev` sees the file saved.
 */
export interface Domain {
  /** File-name form, e.g. "identity-and-teams" (docs/diagrams/<slug>.svg). */
  slug: string;
  title: string;
  summary: string;
}

export const OTHER_DOMAIN: Domain = {
  slug: 'other',
  title: 'Other',
  summary: 'Tables not yet assigned to a domain in src/model/domains.json5.',
};

/** The domains in display order, "Other" last; empty only while the file cannot be read (then domainOf throws why). */
export let DOMAINS: readonly Domain[] = [];
let byTable = new Map<string, Domain>();
let loadError: unknown;

function load(definitions: DomainDefinition[]): void {
  const domains = definitions.map(({ slug, title, summary }) => ({ slug, title, summary }));
  byTable = new Map(definitions.flatMap((definition, index) => definition.tables.map((table) => [table, domains[index] ?? OTHER_DOMAIN] as const)));
  DOMAINS = [...domains, OTHER_DOMAIN];
}

/** Reads the domain map again; on a mistake it throws (one line naming the file) and keeps the map it had. */
export function reloadDomains(): void {
  load(readDomainFile(domainsPath));
  loadError = undefined;
}

// Read at start; a broken file is reported by the first command that needs it, not by every command that starts.
try {
  reloadDomains();
} catch (error) {
  loadError = error;
}

export function domainOf(table: string): Domain {
  if (loadError !== undefined) throw loadError;
  return byTable.get(table) ?? OTHER_DOMAIN;
}

export interface DomainGroup {
  domain: Domain;
  /** The domain's tables present in the model, by name. */
  tables: TableModel[];
}

/** The model's tables by domain, in DOMAINS order; domains without tables are left out. */
export function groupByDomain(model: SchemaModel): DomainGroup[] {
  if (loadError !== undefined) throw loadError;
  return DOMAINS.map((domain) => ({
    domain,
    tables: model.tables
      .filter((table) => domainOf(table.name) === domain)
      .sort(byName),
  })).filter((group) => group.tables.length > 0);
}
