import { compareNames } from '../lib/compare.ts';
import type { SchemaModel, TableModel } from './schema-model.ts';

/**
 * The five business domains of CreativeFlow AI and the tables each owns. The
 * ERD draws one diagram per domain and the docs group tables by it, so every
 * table lands in exactly one domain; a table nobody has placed yet (a new
 * migration) lands in "Other" instead of disappearing from the docs.
 *
 * Borderline placements, and why:
 * - api_clients: identity, because an API client is a credential a user
 *   holds, like a session, not something billed or generated.
 * - notifications, social_media_connections: identity, because they hang off
 *   the user account rather than off any one project.
 * - ai_model_feedback: AI generation, because users write it about one
 *   generation request; the registry tables are operated by staff.
 * - usage_logs: billing & usage, because its purpose is metering.
 */
export interface Domain {
  /** File-name form, e.g. "identity-and-teams" (docs/diagrams/<slug>.svg). */
  slug: string;
  title: string;
  summary: string;
}

interface DomainDefinition extends Domain {
  tables: readonly string[];
}

const DEFINITIONS: readonly DomainDefinition[] = [
  {
    slug: 'identity-and-teams',
    title: 'Identity & teams',
    summary: 'Accounts, sessions, teams and membership, API clients, notifications and linked social accounts.',
    tables: ['users', 'teams', 'team_members', 'sessions', 'notifications', 'social_media_connections', 'api_clients'],
  },
  {
    slug: 'creative-workspace',
    title: 'Creative workspace',
    summary: 'Workbenches, projects, assets and their versions, templates and brand kits.',
    tables: ['workbenches', 'projects', 'assets', 'asset_versions', 'templates', 'brand_kits'],
  },
  {
    slug: 'ai-generation',
    title: 'AI generation',
    summary: 'Generation requests and the feedback users give on their results.',
    tables: ['generation_requests', 'ai_model_feedback'],
  },
  {
    slug: 'billing-and-usage',
    title: 'Billing & usage',
    summary: 'Subscriptions, the credit ledger and usage logs.',
    tables: ['subscriptions', 'credit_transactions', 'usage_logs'],
  },
  {
    slug: 'ai-model-registry',
    title: 'AI model registry',
    summary: 'Models, their versions, validation results and deployments.',
    tables: ['ai_models', 'ai_model_versions', 'ai_model_validation_results', 'ai_model_deployments'],
  },
];

export const OTHER_DOMAIN: Domain = {
  slug: 'other',
  title: 'Other',
  summary: 'Tables not yet assigned to a domain in src/model/domains.ts.',
};

/** The domains in display order, "Other" last. */
export const DOMAINS: readonly Domain[] = [
  ...DEFINITIONS.map(({ slug, title, summary }) => ({ slug, title, summary })),
  OTHER_DOMAIN,
];

const byTable = new Map<string, Domain>();
DEFINITIONS.forEach((definition, index) => {
  for (const table of definition.tables) byTable.set(table, DOMAINS[index] ?? OTHER_DOMAIN);
});

export function domainOf(table: string): Domain {
  return byTable.get(table) ?? OTHER_DOMAIN;
}

export interface DomainGroup {
  domain: Domain;
  /** The domain's tables present in the model, by name. */
  tables: TableModel[];
}

/** The model's tables by domain, in DOMAINS order; domains without tables are left out. */
export function groupByDomain(model: SchemaModel): DomainGroup[] {
  return DOMAINS.map((domain) => ({
    domain,
    tables: model.tables
      .filter((table) => domainOf(table.name) === domain)
      .sort((a, b) => compareNames(a.name, b.name)),
  })).filter((group) => group.tables.length > 0);
}
