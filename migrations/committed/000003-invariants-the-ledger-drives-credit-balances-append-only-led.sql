--! Previous: sha1:0c9f69105e3cb02ad8584171f03242caf580c072
--! Hash: sha1:7718ce6ddb0688dee5f506bead21c5bf7b4e6e46
--! Message: Invariants: the ledger drives credit balances, append-only ledger and usage log, versions and final assets belong where they say, a team's owner is its Owner member

--
-- Invariants the specification implies (issue #11), enforced by the database
-- so that no client, the backend included, can break them:
--   1. the credit ledger is the only way a balance changes: each ledger row is
--      applied to users.credit_balance in the same statement, a debit beyond
--      the balance is refused (users_credit_balance_check), and a direct write
--      of the balance is refused (users_credit_balance_ledger);
--   2. credit_transactions and usage_logs are append-only
--      (credit_transactions_append_only, usage_logs_append_only);
--   3. version numbers are unique per asset and per project
--      (asset_versions_project_id_version_number_key), an asset version's
--      project is its asset's (asset_versions_asset_id_project_id_fkey), and a
--      request's final asset is one the request produced
--      (generation_requests_final_asset_id_id_fkey);
--   4. a team's owner is its one member with the role Owner, checked at commit
--      (teams_owner_member).
-- Errors raised by triggers carry a class 23 SQLSTATE and the invariant's name
-- as the error's constraint, as a constraint of the catalog would.
--
-- Existing rows are brought into line first (each backfill says how), so the
-- migration deploys on a database that broke the rules before.
--
-- Re-runnable: the triggers, constraints and indexes this file creates are
-- dropped first, functions are created or replaced, and every backfill changes
-- nothing once the rules hold.
--

drop trigger if exists _500_apply_to_credit_balance on app_public.credit_transactions;
drop trigger if exists _000_append_only on app_public.credit_transactions;
drop trigger if exists _000_append_only on app_public.usage_logs;
drop trigger if exists _000_append_only_truncate on app_public.credit_transactions;
drop trigger if exists _000_append_only_truncate on app_public.usage_logs;
drop trigger if exists _000_credit_balance_from_ledger on app_public.users;
drop trigger if exists _900_owner_member on app_public.teams;
drop trigger if exists _900_owner_member on app_public.team_members;
alter table app_public.generation_requests drop constraint if exists generation_requests_final_asset_id_id_fkey;
alter table app_public.asset_versions drop constraint if exists asset_versions_asset_id_project_id_fkey;
alter table app_public.assets drop constraint if exists assets_id_generation_request_id_key;
alter table app_public.assets drop constraint if exists assets_id_project_id_key;
-- squawk-ignore require-concurrent-index-deletion: the drop-first convention; on a deploy the index does not exist yet.
drop index if exists app_public.asset_versions_project_id_version_number_key;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.asset_versions_asset_id_project_id_idx;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.generation_requests_final_asset_id_id_idx;

--------------------------------------------------------------------------------
-- 1. The ledger drives the balance.
--------------------------------------------------------------------------------

-- A statement-level trigger with a transition table: one UPDATE per user per
-- statement, so a bulk load of the ledger (the seed loads hundreds of
-- thousands of rows in one INSERT … SELECT) updates each user once instead of
-- once per row. The UPDATE's row lock on the user serialises concurrent
-- spenders: a second transaction waits, then re-reads the committed balance
-- (READ COMMITTED re-evaluates the WHERE on the new row version) and is
-- refused if it no longer affords its debit. The balance is checked after the
-- statement's rows for that user are summed, so one statement may credit and
-- spend in any order. SECURITY DEFINER so that a role allowed to write the
-- ledger moves the balance without any privilege on users.
create or replace function app_private.tg_credit_transactions__apply_to_credit_balance() returns trigger
  language plpgsql
  security definer
  set search_path = pg_catalog, pg_temp
as $$
declare
  short record;
begin
  with delta as (
    select r.user_id, sum(r.amount) as amount
    from new_rows r
    group by r.user_id
  ), applied as (
    update app_public.users u
       set credit_balance = u.credit_balance + d.amount
      from delta d
     where u.id = d.user_id
       and u.credit_balance + d.amount >= 0
    returning u.id
  )
  select d.user_id, d.amount into short
  from delta d
  where d.user_id not in (select a.id from applied a)
  limit 1;
  if found then
    raise exception 'users_credit_balance_check: user % cannot afford a credit change of %; the balance may not go below 0', short.user_id, short.amount
      using errcode = '23514',
            constraint = 'users_credit_balance_check',
            schema = 'app_public',
            table = 'users',
            column = 'credit_balance',
            hint = 'Charge at most the user''s credit_balance, or add credits (a Purchase, SubscriptionGrant or Refund row) first.';
  end if;
  return null;
end;
$$;
comment on function app_private.tg_credit_transactions__apply_to_credit_balance() is
  'Trigger function for the AFTER INSERT statement trigger on credit_transactions: adds each user''s new ledger amounts to users.credit_balance, one update per user, and refuses (23514, users_credit_balance_check) a statement that would take a balance below zero.';

-- pg_trigger_depth() tells the ledger trigger's update (depth 2: a trigger
-- firing inside a trigger) from a direct one (depth 1). Unlike a
-- transaction-local setting, which any role can set with set_config, only a
-- role that may create triggers can reach depth 2, and only the schema owner
-- creates triggers here.
create or replace function app_private.tg_users__credit_balance_from_ledger() returns trigger
  language plpgsql
  set search_path = pg_catalog, pg_temp
as $$
begin
  if (tg_op = 'INSERT' and new.credit_balance <> 0)
     or (tg_op = 'UPDATE' and new.credit_balance is distinct from old.credit_balance and pg_trigger_depth() < 2) then
    raise exception 'users_credit_balance_ledger: the credit balance of user % changes only through app_public.credit_transactions', new.id
      using errcode = '23000',
            constraint = 'users_credit_balance_ledger',
            schema = 'app_public',
            table = 'users',
            column = 'credit_balance',
            hint = 'Insert a ledger row (credit_transactions) with the amount; a new user starts at 0.';
  end if;
  return new;
end;
$$;
comment on function app_private.tg_users__credit_balance_from_ledger() is
  'Trigger function for the BEFORE INSERT OR UPDATE trigger on users: refuses (23000, users_credit_balance_ledger) a new user with a non-zero balance and any change of credit_balance that does not come from the ledger trigger.';

-- Existing balances are what users were shown, so they are the truth: where
-- the ledger disagrees, an opening Adjustment row records the difference. It
-- is inserted before the ledger trigger exists, so it is not applied twice.
insert into app_public.credit_transactions (user_id, amount, action_type)
select u.id, u.credit_balance - coalesce(l.total, 0), 'Adjustment'
from app_public.users u
left join (
  select t.user_id, sum(t.amount) as total
  from app_public.credit_transactions t
  group by t.user_id
) l on l.user_id = u.id
where u.credit_balance <> coalesce(l.total, 0);

create trigger _500_apply_to_credit_balance after insert on app_public.credit_transactions
  referencing new table as new_rows
  for each statement execute function app_private.tg_credit_transactions__apply_to_credit_balance();
comment on trigger _500_apply_to_credit_balance on app_public.credit_transactions is
  'Applies the inserted ledger rows to users.credit_balance in the same statement.';

create trigger _000_credit_balance_from_ledger before insert or update of credit_balance on app_public.users
  for each row execute function app_private.tg_users__credit_balance_from_ledger();
comment on trigger _000_credit_balance_from_ledger on app_public.users is
  'The ledger is the only way credits change: a balance is set by credit_transactions, never directly.';

--------------------------------------------------------------------------------
-- 2. Append-only ledger and usage log.
--------------------------------------------------------------------------------

-- The only change a ledger row ever sees is the database's own: ON DELETE SET
-- NULL of generation_request_id or api_client_id when that request or API
-- client is deleted (the entry outlives them, see those foreign keys). So an
-- update passes only if it nulls one of those references, its target is gone,
-- and nothing else changes. A delete never passes: the user foreign key is
-- ON DELETE RESTRICT, so a user with ledger rows cannot be deleted at all.
-- updated_at stays, with its trigger: it records when such a reference was
-- nulled, and dropping it would change the row types and the API for no gain.
-- SECURITY DEFINER so that "the target is gone" is judged on every row, not on
-- the rows the caller's row-level security lets it see.
create or replace function app_private.tg_credit_transactions__append_only() returns trigger
  language plpgsql
  security definer
  set search_path = pg_catalog, pg_temp
as $$
begin
  if tg_op = 'UPDATE'
     and (to_jsonb(new) - 'generation_request_id' - 'api_client_id') = (to_jsonb(old) - 'generation_request_id' - 'api_client_id')
     and (new.generation_request_id is distinct from old.generation_request_id or new.api_client_id is distinct from old.api_client_id)
     and (new.generation_request_id is not distinct from old.generation_request_id
          or (new.generation_request_id is null
              and not exists (select from app_public.generation_requests g where g.id = old.generation_request_id)))
     and (new.api_client_id is not distinct from old.api_client_id
          or (new.api_client_id is null
              and not exists (select from app_public.api_clients c where c.id = old.api_client_id))) then
    return new;
  end if;
  raise exception 'credit_transactions_append_only: the credit ledger is append-only; % refused',
      case when tg_op = 'TRUNCATE' then 'truncate' else lower(tg_op) || ' of entry ' || old.id end
    using errcode = '23000',
          constraint = 'credit_transactions_append_only',
          schema = 'app_public',
          table = 'credit_transactions',
          hint = 'Record a correction as a new row (Refund or Adjustment).';
end;
$$;
comment on function app_private.tg_credit_transactions__append_only() is
  'Trigger function for the BEFORE UPDATE OR DELETE and BEFORE TRUNCATE triggers on credit_transactions: refuses (23000, credit_transactions_append_only) every change except the ON DELETE SET NULL of a reference whose request or API client was deleted.';

-- usage_logs rows are personal activity data, deleted with the account
-- (usage_logs_user_id_fkey cascades): a delete passes only once the user is
-- gone, which is exactly the cascade. Nothing ever updates a log entry. The
-- updated_at column and trigger stay for the same reasons as the ledger's: the
-- column is part of the published row type and API, and the trigger is inert
-- (no update passes). SECURITY DEFINER for the same reason as the ledger's.
create or replace function app_private.tg_usage_logs__append_only() returns trigger
  language plpgsql
  security definer
  set search_path = pg_catalog, pg_temp
as $$
begin
  if tg_op = 'DELETE' and not exists (select from app_public.users u where u.id = old.user_id) then
    return old;
  end if;
  raise exception 'usage_logs_append_only: the usage log is append-only; % refused',
      case when tg_op = 'TRUNCATE' then 'truncate' else lower(tg_op) || ' of entry ' || old.id end
    using errcode = '23000',
          constraint = 'usage_logs_append_only',
          schema = 'app_public',
          table = 'usage_logs',
          hint = 'Log entries are removed only with their user (deleting the user deletes them).';
end;
$$;
comment on function app_private.tg_usage_logs__append_only() is
  'Trigger function for the BEFORE UPDATE OR DELETE and BEFORE TRUNCATE triggers on usage_logs: refuses (23000, usage_logs_append_only) every change except the delete that cascades from deleting the user.';

create trigger _000_append_only before update or delete on app_public.credit_transactions
  for each row execute function app_private.tg_credit_transactions__append_only();
comment on trigger _000_append_only on app_public.credit_transactions is
  'The ledger is append-only: corrections are new rows.';

create trigger _000_append_only before update or delete on app_public.usage_logs
  for each row execute function app_private.tg_usage_logs__append_only();
comment on trigger _000_append_only on app_public.usage_logs is
  'The usage log is append-only: entries leave only with their user.';

-- TRUNCATE skips row triggers, so it is refused on its own. Truncating users
-- with cascade is refused too: the ledger would go with it.
create trigger _000_append_only_truncate before truncate on app_public.credit_transactions
  for each statement execute function app_private.tg_credit_transactions__append_only();
comment on trigger _000_append_only_truncate on app_public.credit_transactions is
  'The ledger is append-only: it is never truncated.';

create trigger _000_append_only_truncate before truncate on app_public.usage_logs
  for each statement execute function app_private.tg_usage_logs__append_only();
comment on trigger _000_append_only_truncate on app_public.usage_logs is
  'The usage log is append-only: it is never truncated.';

--------------------------------------------------------------------------------
-- 3. Versions and generation results belong where they say.
--------------------------------------------------------------------------------

-- An asset version's project follows its asset's (the asset is the truth; the
-- version only records where it lives).
update app_public.asset_versions v
   set project_id = a.project_id
  from app_public.assets a
 where a.id = v.asset_id
   and v.project_id is distinct from a.project_id
   and v.project_id is not null;

-- A project version number used twice: the earliest keeps it, later ones are
-- renumbered after the project's highest number, in the order they were saved.
update app_public.asset_versions v
   set version_number = r.new_number
  from (
    select d.id, m.top + row_number() over (partition by d.project_id order by d.created_at, d.id) as new_number
    from (
      select x.id, x.project_id, x.created_at,
             row_number() over (partition by x.project_id, x.version_number order by x.created_at, x.id) as nth
      from app_public.asset_versions x
      where x.asset_id is null
    ) d
    join (
      select y.project_id, max(y.version_number) as top
      from app_public.asset_versions y
      where y.asset_id is null
      group by y.project_id
    ) m on m.project_id = d.project_id
    where d.nth > 1
  ) r
 where r.id = v.id;

-- A final asset that names no request is taken to come from the request that
-- chose it; one that came from another request is not this request's output,
-- so the request forgets it.
update app_public.assets a
   set generation_request_id = g.id
  from app_public.generation_requests g
 where g.final_asset_id = a.id
   and a.generation_request_id is null
   and not exists (select from app_public.generation_requests o where o.final_asset_id = a.id and o.id <> g.id);
update app_public.generation_requests g
   set final_asset_id = null
  from app_public.assets a
 where a.id = g.final_asset_id
   and a.generation_request_id is distinct from g.id;

-- version_number leads so that the index does not shadow asset_versions_project_id_idx, which serves every version of a project.
-- squawk-ignore require-concurrent-index-creation: asset_versions is small at this release, and the index must exist in this transaction, right after the backfill above.
create unique index asset_versions_project_id_version_number_key on app_public.asset_versions (version_number, project_id)
  where asset_id is null;
comment on index app_public.asset_versions_project_id_version_number_key is
  'Each version number occurs once per project among the project''s own versions (asset_id null); asset_versions_asset_id_version_number_key does the same per asset.';

-- The targets of the two composite foreign keys below. They contain the
-- primary key, so they never refuse a row themselves. The four constraints
-- carry `@behavior -*`: they are integrity rules, and the API already has the
-- lookups and relations they would add (by id, by asset_id, by final_asset_id).
-- squawk-ignore disallowed-unique-constraint, constraint-missing-not-valid: assets is small at this release; a unique constraint (not just an index) is what a foreign key references.
alter table app_public.assets add constraint assets_id_project_id_key unique (id, project_id);
comment on constraint assets_id_project_id_key on app_public.assets is
  E'@behavior -*\nUnique because id is: the key asset_versions_asset_id_project_id_fkey references.';
-- squawk-ignore disallowed-unique-constraint, constraint-missing-not-valid: as above.
alter table app_public.assets add constraint assets_id_generation_request_id_key unique (id, generation_request_id);
comment on constraint assets_id_generation_request_id_key on app_public.assets is
  E'@behavior -*\nUnique because id is: the key generation_requests_final_asset_id_id_fkey references.';

-- squawk-ignore require-concurrent-index-creation: asset_versions is small at this release.
create index asset_versions_asset_id_project_id_idx on app_public.asset_versions (asset_id, project_id);
comment on index app_public.asset_versions_asset_id_project_id_idx is
  'Finds the versions of an asset in a project: what moving or deleting the asset updates.';
-- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid: asset_versions and assets are small at this release, and the backfill above made every row valid.
alter table app_public.asset_versions add constraint asset_versions_asset_id_project_id_fkey
  foreign key (asset_id, project_id) references app_public.assets (id, project_id)
  on update cascade on delete cascade;
comment on constraint asset_versions_asset_id_project_id_fkey on app_public.asset_versions is
  E'@behavior -*\nCascade: as asset_versions_asset_id_fkey, an asset''s history goes with the asset. A version of an asset that names a project names its asset''s project; on update cascade, so moving the asset moves its versions with it (to no project, when it leaves every project). Checked only when both columns are set: a project version has no asset, and a version may leave its project unnamed.';

-- The new index leads with final_asset_id, so it serves generation_requests_final_asset_id_fkey too and replaces that key's own index.
-- squawk-ignore require-concurrent-index-deletion: generation_requests is small at this release.
drop index if exists app_public.generation_requests_final_asset_id_idx;
-- squawk-ignore require-concurrent-index-creation: generation_requests is small at this release.
create index generation_requests_final_asset_id_id_idx on app_public.generation_requests (final_asset_id, id);
comment on index app_public.generation_requests_final_asset_id_id_idx is
  'Finds the request whose final asset is a given asset (of a given request): what deleting the asset or changing its request looks up, for both foreign keys on final_asset_id.';
-- squawk-ignore adding-foreign-key-constraint, constraint-missing-not-valid: generation_requests and assets are small at this release, and the backfill above made every row valid.
alter table app_public.generation_requests add constraint generation_requests_final_asset_id_id_fkey
  foreign key (final_asset_id, id) references app_public.assets (id, generation_request_id)
  on update no action on delete set null (final_asset_id);
comment on constraint generation_requests_final_asset_id_id_fkey on app_public.generation_requests is
  E'@behavior -*\nSet null: of final_asset_id only; as generation_requests_final_asset_id_fkey, deleting the asset keeps the request as history. A request''s final asset is one the request produced (assets.generation_request_id is the request). No action on update: an asset cannot be moved to another request while it is this one''s final asset; deleting the request itself passes, since the check runs after the statement.';

--------------------------------------------------------------------------------
-- 4. A team's owner is its Owner member.
--------------------------------------------------------------------------------

-- owner_id is the truth (policies and teams_owner_id_fkey rely on it): the
-- owner's membership becomes Owner, or is added, and any other Owner member
-- becomes an Admin.
update app_public.team_members m
   set role = 'Admin'
  from app_public.teams t
 where t.id = m.team_id
   and m.role = 'Owner'
   and m.user_id <> t.owner_id;
update app_public.team_members m
   set role = 'Owner'
  from app_public.teams t
 where t.id = m.team_id
   and m.user_id = t.owner_id
   and m.role <> 'Owner';
insert into app_public.team_members (team_id, user_id, role)
select t.id, t.owner_id, 'Owner'
from app_public.teams t
where not exists (select from app_public.team_members m where m.team_id = t.id and m.user_id = t.owner_id);

-- A constraint trigger deferred to commit, so that a team and its Owner member
-- are created, or ownership moves, in one transaction in any order. The check
-- locks the team row first: two transactions changing one team's ownership
-- are then checked one after the other, the second seeing the first's
-- committed rows (under REPEATABLE READ or SERIALIZABLE the lock raises a
-- serialization failure instead). A team deleted in the transaction needs no
-- check: its members go with it. SECURITY DEFINER so that the check sees every
-- member, whatever the caller's row-level security shows it, and can lock the
-- team.
create or replace function app_private.tg__team_owner_member() returns trigger
  language plpgsql
  security definer
  set search_path = pg_catalog, pg_temp
as $$
declare
  touched uuid[];
  team uuid;
  owner uuid;
begin
  if tg_table_name = 'teams' then
    touched := array[new.id];
  else
    if tg_op <> 'DELETE' and new.role = 'Owner' then touched := touched || new.team_id; end if;
    if tg_op <> 'INSERT' and old.role = 'Owner' then touched := touched || old.team_id; end if;
  end if;
  foreach team in array coalesce(touched, '{}')
  loop
    select t.owner_id into owner from app_public.teams t where t.id = team for no key update;
    continue when not found;
    if not exists (select from app_public.team_members m where m.team_id = team and m.user_id = owner and m.role = 'Owner') then
      raise exception 'teams_owner_member: the owner % of team % is not a member of it with the role Owner', owner, team
        using errcode = '23000',
              constraint = 'teams_owner_member',
              schema = 'app_public',
              table = 'teams',
              hint = 'In the transaction that creates the team or changes its owner, make the owner a member with the role Owner; move ownership by changing owner_id and both memberships together.';
    end if;
    if exists (select from app_public.team_members m where m.team_id = team and m.role = 'Owner' and m.user_id <> owner) then
      raise exception 'teams_owner_member: team % has an Owner member who is not its owner %', team, owner
        using errcode = '23000',
              constraint = 'teams_owner_member',
              schema = 'app_public',
              table = 'team_members',
              hint = 'Only the user in teams.owner_id holds the role Owner; give other members Admin.';
    end if;
  end loop;
  return null;
end;
$$;
comment on function app_private.tg__team_owner_member() is
  'Trigger function for the deferred constraint triggers on teams and team_members: at commit, each team touched has its owner as a member with the role Owner and no other Owner member, else 23000 teams_owner_member.';

create constraint trigger _900_owner_member after insert or update of owner_id on app_public.teams
  deferrable initially deferred
  for each row execute function app_private.tg__team_owner_member();
comment on trigger _900_owner_member on app_public.teams is
  'At commit: the team''s owner is its member with the role Owner.';

create constraint trigger _900_owner_member after insert or update of team_id, user_id, role or delete on app_public.team_members
  deferrable initially deferred
  for each row execute function app_private.tg__team_owner_member();
comment on trigger _900_owner_member on app_public.team_members is
  'At commit: the Owner member of a team is its owner, and the owner stays one.';

--------------------------------------------------------------------------------
-- The trigger functions run only as triggers: nobody executes them directly.
--------------------------------------------------------------------------------

revoke all on function app_private.tg_credit_transactions__apply_to_credit_balance() from public;
revoke all on function app_private.tg_users__credit_balance_from_ledger() from public;
revoke all on function app_private.tg_credit_transactions__append_only() from public;
revoke all on function app_private.tg_usage_logs__append_only() from public;
revoke all on function app_private.tg__team_owner_member() from public;
