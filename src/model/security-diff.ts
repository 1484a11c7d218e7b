import { entryGrants, grantDelta } from './privileges.ts';
import type { DefaultPrivilegeModel, GrantModel, PolicyModel, SchemaModel, TableModel } from './schema-model.ts';

/**
 * The security half of the commit summary, as phrases a reviewer reads:
 * row level security switched, policies added, removed or changed, and
 * privileges granted or revoked per role, on tables, columns, functions,
 * schemas and in the default privileges. Pure.
 */

/** A schema, function or default-privileges entry whose privileges changed. */
export interface PrivilegeChange {
  /** e.g. "schema app_private", "function app_public.current_user_id()", "default privileges on functions". */
  object: string;
  /** e.g. "EXECUTE granted to visitor", "EXECUTE revoked from PUBLIC". */
  changes: string[];
}

/** RLS, policy and grant phrases of a table; before undefined for a new table. */
export function tableSecurityChanges(before: TableModel | undefined, after: TableModel): string[] {
  return [
    ...rowLevelSecurityChanges(before, after),
    ...policyChanges(before?.policies ?? [], after.policies),
    ...grantPhrases(grantDelta(before?.grants ?? [], after.grants)),
    ...columnGrantPhrases(before, after),
  ];
}

/** Privilege changes of schemas, functions ("name(arguments)" keys) and default privileges. */
export function privilegeChanges(before: SchemaModel, after: SchemaModel): PrivilegeChange[] {
  const keyed = (model: SchemaModel): Map<string, GrantModel[]> =>
    new Map([
      ...model.schemas.map((s): [string, GrantModel[]] => [`schema ${s.name}`, s.grants]),
      ...model.functions.map((f): [string, GrantModel[]] => [`function ${f.name}(${f.arguments})`, f.grants]),
    ]);
  const was = keyed(before);
  const is = keyed(after);
  const objects = [...is].map(([object, grants]) => ({ object, changes: grantPhrases(grantDelta(was.get(object) ?? [], grants)) }));
  return [...objects, ...defaultPrivilegeChanges(before.defaultPrivileges, after.defaultPrivileges)].filter(
    (c) => c.changes.length > 0,
  );
}

function rowLevelSecurityChanges(before: TableModel | undefined, after: TableModel): string[] {
  const was = before?.rowLevelSecurity ?? { enabled: false, forced: false };
  const is = after.rowLevelSecurity;
  return [
    ...(was.enabled !== is.enabled ? [`row level security ${is.enabled ? 'enabled' : 'disabled'}`] : []),
    ...(was.forced !== is.forced ? [`row level security ${is.forced ? 'forced' : 'no longer forced'}`] : []),
  ];
}

function policyChanges(before: PolicyModel[], after: PolicyModel[]): string[] {
  const old = new Map(before.map((p) => [p.name, p]));
  const now = new Set(after.map((p) => p.name));
  return [
    ...after.flatMap((p) => {
      const was = old.get(p.name);
      if (!was) return [`policy ${p.name} added (${policySummary(p)})`];
      const changed = policyDifferences(was, p);
      return changed.length > 0 ? [`policy ${p.name} changed: ${changed.join(', ')}`] : [];
    }),
    ...before.filter((p) => !now.has(p.name)).map((p) => `policy ${p.name} removed`),
  ];
}

/** "SELECT to visitor", "DELETE, restrictive, to visitor". */
function policySummary(policy: PolicyModel): string {
  return `${policy.command}${policy.permissive ? '' : ', restrictive,'} to ${policy.roles.join(', ')}`;
}

function policyDifferences(before: PolicyModel, after: PolicyModel): string[] {
  return [
    ...(before.command !== after.command ? [`command ${before.command} → ${after.command}`] : []),
    ...(before.permissive !== after.permissive ? [after.permissive ? 'now permissive' : 'now restrictive'] : []),
    ...(before.roles.join(', ') !== after.roles.join(', ') ? [`roles ${before.roles.join(', ')} → ${after.roles.join(', ')}`] : []),
    ...(before.using !== after.using ? ['USING'] : []),
    ...(before.withCheck !== after.withCheck ? ['WITH CHECK'] : []),
    ...(before.rawComment !== after.rawComment || before.comment !== after.comment ? ['comment'] : []),
  ];
}

/** Column privileges by grantee and privilege: "UPDATE (email, name) granted to visitor". Dropped columns take theirs with them. */
function columnGrantPhrases(before: TableModel | undefined, after: TableModel): string[] {
  const old = new Map((before?.columns ?? []).map((c) => [c.name, c.grants]));
  const groups = new Map<string, string[]>();
  for (const column of after.columns) {
    const { granted, revoked } = grantDelta(old.get(column.name) ?? [], column.grants);
    for (const [verb, grants] of [['granted to', granted], ['revoked from', revoked]] as const) {
      for (const g of grants) {
        const key = `${privilegeText(g)}\u0000${verb} ${g.grantee}`;
        groups.set(key, [...(groups.get(key) ?? []), column.name]);
      }
    }
  }
  return [...groups].map(([key, columns]) => {
    const [privilege, rest] = key.split('\u0000');
    return `${privilege} (${columns.join(', ')}) ${rest}`;
  });
}

function defaultPrivilegeChanges(before: DefaultPrivilegeModel[], after: DefaultPrivilegeModel[]): PrivilegeChange[] {
  const key = (d: DefaultPrivilegeModel): string => {
    const role = d.role !== undefined ? ` for role ${d.role}` : '';
    const schema = d.schema !== undefined ? ` in schema ${d.schema}` : '';
    return `default privileges${role}${schema} on ${d.objects.toLowerCase()}`;
  };
  const was = new Map(before.map((d) => [key(d), d]));
  const is = new Map(after.map((d) => [key(d), d]));
  const entries = new Map([...was, ...is]);
  return [...entries].map(([object, d]) => ({
    object,
    changes: grantPhrases(
      grantDelta(entryGrants(was.get(object), d.objects, d.schema === undefined), entryGrants(is.get(object), d.objects, d.schema === undefined)),
    ),
  }));
}

/** "DELETE, SELECT granted to visitor", "EXECUTE revoked from PUBLIC": one phrase per grantee and direction. */
function grantPhrases(delta: { granted: GrantModel[]; revoked: GrantModel[] }): string[] {
  const phrases = new Map<string, string[]>();
  for (const [verb, grants] of [['granted to', delta.granted], ['revoked from', delta.revoked]] as const) {
    for (const g of grants) phrases.set(`${verb} ${g.grantee}`, [...(phrases.get(`${verb} ${g.grantee}`) ?? []), privilegeText(g)]);
  }
  return [...phrases].map(([rest, privileges]) => `${privileges.join(', ')} ${rest}`);
}

function privilegeText(grant: GrantModel): string {
  return grant.grantable ? `${grant.privilege} WITH GRANT OPTION` : grant.privilege;
}
