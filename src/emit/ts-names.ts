import pluralize from 'pluralize';
import type { TableModel } from '../model/schema-model.ts';

/**
 * TypeScript names for database objects. Table types use the inflection
 * PostGraphile uses for its GraphQL table types (pluralize.singular, then
 * UpperCamelCase), so `Project` in db.ts and `Project` in schema.graphql name
 * the same table.
 */

function words(snake: string): string[] {
  return snake.split(/[_\-\s]+/).filter((word) => word.length > 0);
}

function upperFirst(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `ai_model_feedback` → `AiModelFeedback`. */
export function pascalCase(snake: string): string {
  return words(snake).map(upperFirst).join('');
}

/** `subscription_tier` → `subscriptionTier`. */
export function camelCase(snake: string): string {
  const pascal = pascalCase(snake);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/**
 * The row type name of a table: `users` → `User`, `brand_kits` → `BrandKit`.
 * A `@name` smart tag renames the table for PostGraphile, so it renames it here too.
 */
export function tableTypeName(table: Pick<TableModel, 'name' | 'tags'>): string {
  const tagged = table.tags.name;
  return pascalCase(pluralize.singular(typeof tagged === 'string' ? tagged : table.name));
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as written in a type literal: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return identifier.test(name) ? name : JSON.stringify(name);
}

/** A TypeScript string literal in single quotes, as the generated files spell them. */
export function singleQuoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}
