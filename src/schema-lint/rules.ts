import type { SchemaRule } from './rule.ts';
import { missingComment } from './rules/missing-comment.ts';
import { multiplePermissivePolicies } from './rules/multiple-permissive-policies.ts';
import { perRowAuthCall } from './rules/per-row-auth-call.ts';
import { permissiveWritePolicy } from './rules/permissive-write-policy.ts';
import { policyWithoutRls } from './rules/policy-without-rls.ts';
import { publicPrivilege } from './rules/public-privilege.ts';
import { rlsDisabled } from './rules/rls-disabled.ts';
import { rlsNoPolicy } from './rules/rls-no-policy.ts';
import { securityDefinerSearchPath } from './rules/security-definer-search-path.ts';
import { unindexedForeignKey } from './rules/unindexed-foreign-key.ts';

/** Every rule `cfdb lint:schema` runs. */
export const schemaRules: readonly SchemaRule[] = [
  rlsDisabled,
  rlsNoPolicy,
  policyWithoutRls,
  securityDefinerSearchPath,
  publicPrivilege,
  permissiveWritePolicy,
  perRowAuthCall,
  multiplePermissivePolicies,
  unindexedForeignKey,
  missingComment,
];
