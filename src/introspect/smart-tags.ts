import { parseSmartComment } from 'postgraphile/graphile-build-pg/pg-introspection';
import type { SmartTags } from '../model/schema-model.ts';

export interface SplitComment {
  /** The description without tags, trimmed; "" when there is none. */
  comment: string;
  /** The comment exactly as stored; "" when there is none. */
  rawComment: string;
  tags: SmartTags;
}

/**
 * Splits a stored comment into PostGraphile smart tags and description with
 * PostGraphile's own parser, so the model reads a comment exactly as the
 * GraphQL schema does. Tags come back in a plain object with sorted keys
 * (the parser's object has a null prototype and keeps comment order).
 */
export function splitComment(raw: string | null | undefined): SplitComment {
  const rawComment = raw ?? '';
  const parsed = parseSmartComment(rawComment);
  const tags: SmartTags = {};
  for (const key of Object.keys(parsed.tags).sort()) {
    const value = parsed.tags[key];
    if (value === null || value === undefined) continue;
    tags[key] = Array.isArray(value) ? [...value] : value;
  }
  return { comment: (parsed.description ?? '').trim(), rawComment, tags };
}
