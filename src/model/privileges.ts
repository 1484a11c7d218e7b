import type { DefaultPrivilegeModel, DefaultPrivilegeObjects, GrantModel } from './schema-model.ts';

/**
 * Privilege arithmetic on the model's grant lists: what a new object starts
 * with, and what was granted or revoked between two lists. Shared by the DDL
 * emitter (which writes only the difference from what CREATE gives) and the
 * commit summary (which reports the difference between two models).
 */

/** What PostgreSQL gives roles other than the owner of a new object when no default privileges say otherwise. */
export function builtInGrants(objects: DefaultPrivilegeObjects): GrantModel[] {
  if (objects === 'FUNCTIONS') return [{ grantee: 'PUBLIC', privilege: 'EXECUTE', grantable: false }];
  if (objects === 'TYPES') return [{ grantee: 'PUBLIC', privilege: 'USAGE', grantable: false }];
  return [];
}

/**
 * What a new object of this kind in this schema grants when the owner creates
 * it: the owner's entry for every schema (or else the built-in default), plus
 * its entry for this schema.
 */
export function grantsOnCreation(
  defaults: readonly DefaultPrivilegeModel[],
  objects: DefaultPrivilegeObjects,
  schema: string,
): GrantModel[] {
  const owners = defaults.filter((d) => d.role === undefined && d.objects === objects);
  const everywhere = owners.find((d) => d.schema === undefined);
  const here = owners.find((d) => d.schema === schema);
  return union(everywhere ? everywhere.grants : builtInGrants(objects), here?.grants ?? []);
}

/**
 * An entry's grants, or what its absence means: PostgreSQL's built-in
 * default for the entry of every schema, nothing for the entry of one schema.
 */
export function entryGrants(
  entry: DefaultPrivilegeModel | undefined,
  objects: DefaultPrivilegeObjects,
  everySchema: boolean,
): GrantModel[] {
  if (entry) return entry.grants;
  return everySchema ? builtInGrants(objects) : [];
}

export interface GrantDelta {
  granted: GrantModel[];
  revoked: GrantModel[];
}

/** The grants in after and not before, and those in before and not after (a grant option counts as part of the grant). */
export function grantDelta(before: readonly GrantModel[], after: readonly GrantModel[]): GrantDelta {
  const had = new Set(before.map(grantKey));
  const has = new Set(after.map(grantKey));
  return {
    granted: after.filter((g) => !had.has(grantKey(g))),
    revoked: before.filter((g) => !has.has(grantKey(g))),
  };
}

function union(a: readonly GrantModel[], b: readonly GrantModel[]): GrantModel[] {
  const keys = new Set(a.map(grantKey));
  return [...a, ...b.filter((g) => !keys.has(grantKey(g)))];
}

function grantKey(grant: GrantModel): string {
  return `${grant.grantee}\u0000${grant.privilege}\u0000${grant.grantable}`;
}
