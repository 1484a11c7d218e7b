--! Previous: sha1:6fab555ab68eddddf757d718e2d39f7313a5c193
--! Hash: sha1:0c9f69105e3cb02ad8584171f03242caf580c072
--! Message: API security: roles, RLS and grants for the visitor

--
-- The API as the visitor sees it. docs/security.md is the access matrix this
-- file enforces, table by table:
--   * app_public.current_user_id(): the user of the request's session;
--   * row-level security on every app_public table, one policy per rule of the
--     matrix, all for the visitor role;
--   * table-level SELECT and DELETE grants, column-listed INSERT and UPDATE
--     grants (a column that is not listed cannot be set by a visitor), and
--     column-listed SELECT where a table holds a secret;
--   * owner columns default to the current user and are never granted, so a
--     visitor's row always belongs to the visitor;
--   * PUBLIC keeps no privilege on the schemas or their functions.
--
-- Role names come from the placeholders :DATABASE_VISITOR (and the
-- authenticator, which only connects, is granted nothing here). The roles are
-- cluster-wide and are created before migrating (src/db/roles.ts).
--
-- Re-runnable: every policy this file creates is dropped first, functions are
-- created or replaced (column defaults depend on current_user_id(), so it is
-- never dropped), the visitor's privileges are revoked and granted again, and
-- the rest (enabling RLS, column defaults, revokes) is idempotent.
--

--------------------------------------------------------------------------------
-- Drop the policies this file creates.
--------------------------------------------------------------------------------

drop policy if exists select_own on app_public.users;
drop policy if exists select_own on app_public.sessions;
drop policy if exists select_own on app_public.social_media_connections;
drop policy if exists delete_own on app_public.social_media_connections;
drop policy if exists select_own on app_public.api_clients;
drop policy if exists update_own on app_public.api_clients;
drop policy if exists delete_own on app_public.api_clients;
drop policy if exists select_member on app_public.teams;
drop policy if exists insert_own on app_public.teams;
drop policy if exists update_manager on app_public.teams;
drop policy if exists delete_owner on app_public.teams;
drop policy if exists select_member on app_public.team_members;
drop policy if exists insert_manager on app_public.team_members;
drop policy if exists update_manager on app_public.team_members;
drop policy if exists delete_manager_or_self on app_public.team_members;
drop policy if exists select_own on app_public.notifications;
drop policy if exists update_own on app_public.notifications;
drop policy if exists delete_own on app_public.notifications;
drop policy if exists select_own_or_team on app_public.brand_kits;
drop policy if exists insert_own on app_public.brand_kits;
drop policy if exists update_own_or_team_editor on app_public.brand_kits;
drop policy if exists delete_own_or_team_manager on app_public.brand_kits;
drop policy if exists select_own on app_public.workbenches;
drop policy if exists insert_own on app_public.workbenches;
drop policy if exists update_own on app_public.workbenches;
drop policy if exists delete_own on app_public.workbenches;
drop policy if exists select_public_or_own on app_public.templates;
drop policy if exists insert_own on app_public.templates;
drop policy if exists update_own on app_public.templates;
drop policy if exists delete_own on app_public.templates;
drop policy if exists select_own on app_public.projects;
drop policy if exists insert_own on app_public.projects;
drop policy if exists update_own on app_public.projects;
drop policy if exists delete_own on app_public.projects;
drop policy if exists select_own on app_public.assets;
drop policy if exists insert_own on app_public.assets;
drop policy if exists update_own on app_public.assets;
drop policy if exists delete_own on app_public.assets;
drop policy if exists select_own on app_public.asset_versions;
drop policy if exists insert_own on app_public.asset_versions;
drop policy if exists delete_own on app_public.asset_versions;
drop policy if exists select_own on app_public.generation_requests;
drop policy if exists insert_own on app_public.generation_requests;
drop policy if exists select_own on app_public.subscriptions;
drop policy if exists select_own on app_public.credit_transactions;
drop policy if exists select_own on app_public.usage_logs;
drop policy if exists select_signed_in on app_public.ai_models;
drop policy if exists select_signed_in on app_public.ai_model_versions;
drop policy if exists select_signed_in on app_public.ai_model_validation_results;
drop policy if exists select_signed_in on app_public.ai_model_deployments;
drop policy if exists select_own on app_public.ai_model_feedback;
drop policy if exists insert_own on app_public.ai_model_feedback;
drop policy if exists update_own on app_public.ai_model_feedback;
drop policy if exists delete_own on app_public.ai_model_feedback;


--------------------------------------------------------------------------------
-- Nothing for PUBLIC: not the schemas, not their functions, not the functions
-- the migration owner creates from now on.
--------------------------------------------------------------------------------

revoke all on schema app_public from public;
revoke all on schema app_private from public;
revoke all on all functions in schema app_public from public;
revoke all on all functions in schema app_private from public;
alter default privileges revoke all on functions from public;

--------------------------------------------------------------------------------
-- Identity: who the request is.
--------------------------------------------------------------------------------

-- SECURITY DEFINER because it reads app_public.sessions, whose own policy calls
-- this function (as the invoker it would recurse), and because the visitor must
-- not be able to read other sessions to find their own. search_path is fixed so
-- that no object a caller creates can stand in for the ones named here.
create or replace function app_public.current_user_id() returns uuid
  language sql
  stable
  security definer
  set search_path = pg_catalog, pg_temp
as $$
  select s.user_id
  from app_public.sessions s
  where s.id = (
      select case when v ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then v::uuid end
      from (select current_setting('jwt.claims.session_id', true) as v) as setting
    )
    and s.expires_at > now();
$$;
comment on function app_public.current_user_id() is
  'The user of this request: the owner of the unexpired session whose id is the setting jwt.claims.session_id, or null for an anonymous request (no setting, an unknown, malformed or expired session). Policies call it as (select app_public.current_user_id()), so it runs once per statement.';

-- SECURITY DEFINER because policies on teams and team_members call it, and as
-- the invoker its read of team_members would apply team_members' own policy,
-- which calls this function again.
create or replace function app_private.current_user_team_ids(roles text[]) returns setof uuid
  language sql
  stable
  security definer
  set search_path = pg_catalog, pg_temp
as $$
  select m.team_id
  from app_public.team_members m
  where m.user_id = app_public.current_user_id()
    and m.role = any (roles)
  union
  select t.id
  from app_public.teams t
  where t.owner_id = app_public.current_user_id();
$$;
comment on function app_private.current_user_team_ids(text[]) is
  'The teams in which the current user holds one of the given member roles, plus the teams the user owns (an owner holds every role). Used by policies, which list the roles a rule needs.';

-- SECURITY DEFINER because the visitor may not read other users' rows; it
-- returns one column of one row, and only for a member of one of the visitor's
-- own teams, checked against team_members as stored (the argument alone proves
-- nothing: a caller can build any team_members value).
create or replace function app_public.team_members_user_email(member app_public.team_members) returns text
  language sql
  stable
  security definer
  set search_path = pg_catalog, pg_temp
as $$
  select u.email
  from app_public.users u
  join app_public.team_members m on m.user_id = u.id
  where u.id = member.user_id
    and m.team_id = member.team_id
    and member.team_id in (select app_private.current_user_team_ids('{Owner,Admin,Editor,Viewer}'));
$$;
comment on function app_public.team_members_user_email(app_public.team_members) is
  'The e-mail address of a team member, for the other members of that team; null for anyone else. The only column of another user''s account a visitor can read.';

--------------------------------------------------------------------------------
-- Owner columns: a visitor's new row belongs to the visitor. These columns are
-- never in an INSERT or UPDATE grant; the backend (the table owner) still sets
-- them explicitly.
--------------------------------------------------------------------------------

alter table app_public.teams alter column owner_id set default app_public.current_user_id();
alter table app_public.brand_kits alter column user_id set default app_public.current_user_id();
alter table app_public.workbenches alter column user_id set default app_public.current_user_id();
alter table app_public.templates alter column user_id set default app_public.current_user_id();
alter table app_public.projects alter column user_id set default app_public.current_user_id();
alter table app_public.assets alter column user_id set default app_public.current_user_id();
alter table app_public.generation_requests alter column user_id set default app_public.current_user_id();
alter table app_public.ai_model_feedback alter column user_id set default app_public.current_user_id();

--------------------------------------------------------------------------------
-- Row-level security on every table. The table owner (migrations, the
-- backend's own jobs) is not subject to it; the visitor always is.
--------------------------------------------------------------------------------

alter table app_public.users enable row level security;
alter table app_public.sessions enable row level security;
alter table app_public.social_media_connections enable row level security;
alter table app_public.api_clients enable row level security;
alter table app_public.teams enable row level security;
alter table app_public.team_members enable row level security;
alter table app_public.notifications enable row level security;
alter table app_public.brand_kits enable row level security;
alter table app_public.workbenches enable row level security;
alter table app_public.templates enable row level security;
alter table app_public.projects enable row level security;
alter table app_public.assets enable row level security;
alter table app_public.asset_versions enable row level security;
alter table app_public.generation_requests enable row level security;
alter table app_public.subscriptions enable row level security;
alter table app_public.credit_transactions enable row level security;
alter table app_public.usage_logs enable row level security;
alter table app_public.ai_models enable row level security;
alter table app_public.ai_model_versions enable row level security;
alter table app_public.ai_model_validation_results enable row level security;
alter table app_public.ai_model_deployments enable row level security;
alter table app_public.ai_model_feedback enable row level security;

--------------------------------------------------------------------------------
-- Identity & teams
--------------------------------------------------------------------------------

create policy select_own on app_public.users for select to :DATABASE_VISITOR
  using (id = (select app_public.current_user_id()));
comment on policy select_own on app_public.users is
  'A visitor reads their own account. Other accounts stay hidden; a teammate''s e-mail comes through team_members_user_email.';

create policy select_own on app_public.sessions for select to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy select_own on app_public.sessions is
  'A visitor lists their own sessions (devices signed in). Signing in and out is the backend''s.';

create policy select_own on app_public.social_media_connections for select to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy select_own on app_public.social_media_connections is
  'A visitor sees the accounts they linked, without the tokens (no column privilege).';
create policy delete_own on app_public.social_media_connections for delete to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy delete_own on app_public.social_media_connections is
  'A visitor may unlink their own accounts. Linking is the backend''s: it holds the OAuth exchange.';

create policy select_own on app_public.api_clients for select to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy select_own on app_public.api_clients is
  'A visitor sees their own API keys, without the secret hash (no column privilege).';
create policy update_own on app_public.api_clients for update to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()))
  with check (user_id = (select app_public.current_user_id()));
comment on policy update_own on app_public.api_clients is
  'A visitor may rename their own keys; status is the backend''s (suspension is a sanction).';
create policy delete_own on app_public.api_clients for delete to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy delete_own on app_public.api_clients is
  'A visitor may delete their own keys; the credit they spent stays in the ledger.';

create policy select_member on app_public.teams for select to :DATABASE_VISITOR
  using (
    owner_id = (select app_public.current_user_id())
    or id in (select app_private.current_user_team_ids('{Owner,Admin,Editor,Viewer}'))
  );
comment on policy select_member on app_public.teams is
  'A visitor sees the teams they own or belong to. Ownership is tested on the row itself too, so that creating a team can return it: the helper''s snapshot predates the new row.';
create policy insert_own on app_public.teams for insert to :DATABASE_VISITOR
  with check (owner_id = (select app_public.current_user_id()));
comment on policy insert_own on app_public.teams is
  'A signed-in visitor may create a team, which they own.';
create policy update_manager on app_public.teams for update to :DATABASE_VISITOR
  using (id in (select app_private.current_user_team_ids('{Owner,Admin}')))
  with check (id in (select app_private.current_user_team_ids('{Owner,Admin}')));
comment on policy update_manager on app_public.teams is
  'The owner and the Owner and Admin members may rename a team. Ownership moves only through the backend.';
create policy delete_owner on app_public.teams for delete to :DATABASE_VISITOR
  using (owner_id = (select app_public.current_user_id()));
comment on policy delete_owner on app_public.teams is
  'Only the owner may delete a team.';

create policy select_member on app_public.team_members for select to :DATABASE_VISITOR
  using (team_id in (select app_private.current_user_team_ids('{Owner,Admin,Editor,Viewer}')));
comment on policy select_member on app_public.team_members is
  'A visitor sees the member lists of their teams.';
create policy insert_manager on app_public.team_members for insert to :DATABASE_VISITOR
  with check (
    team_id in (select app_private.current_user_team_ids('{Owner,Admin}'))
    and (role <> 'Owner' or user_id = (select t.owner_id from app_public.teams t where t.id = team_members.team_id))
  );
comment on policy insert_manager on app_public.team_members is
  'The owner and Admins add members to their team; only the team''s owner can hold the Owner role.';
create policy update_manager on app_public.team_members for update to :DATABASE_VISITOR
  using (
    team_id in (select app_private.current_user_team_ids('{Owner,Admin}'))
    and (role <> 'Owner' or team_id in (select app_private.current_user_team_ids('{Owner}')))
  )
  with check (
    team_id in (select app_private.current_user_team_ids('{Owner,Admin}'))
    and (role <> 'Owner' or user_id = (select t.owner_id from app_public.teams t where t.id = team_members.team_id))
  );
comment on policy update_manager on app_public.team_members is
  'The owner and Admins change members'' roles, an Owner member''s only the owner; only the team''s owner can hold the Owner role.';
create policy delete_manager_or_self on app_public.team_members for delete to :DATABASE_VISITOR
  using (
    (
      team_id in (select app_private.current_user_team_ids('{Owner,Admin}'))
      and (role <> 'Owner' or team_id in (select app_private.current_user_team_ids('{Owner}')))
    )
    or user_id = (select app_public.current_user_id())
  );
comment on policy delete_manager_or_self on app_public.team_members is
  'The owner and Admins remove members (an Owner member only the owner); any member may leave.';

create policy select_own on app_public.notifications for select to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy select_own on app_public.notifications is
  'A visitor reads their own notifications. The backend writes them.';
create policy update_own on app_public.notifications for update to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()))
  with check (user_id = (select app_public.current_user_id()));
comment on policy update_own on app_public.notifications is
  'A visitor marks their own notifications read (is_read is the only column granted).';
create policy delete_own on app_public.notifications for delete to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy delete_own on app_public.notifications is
  'A visitor may dismiss their own notifications.';

--------------------------------------------------------------------------------
-- Creative workspace
--------------------------------------------------------------------------------

create policy select_own_or_team on app_public.brand_kits for select to :DATABASE_VISITOR
  using (
    user_id = (select app_public.current_user_id())
    or team_id in (select app_private.current_user_team_ids('{Owner,Admin,Editor,Viewer}'))
  );
comment on policy select_own_or_team on app_public.brand_kits is
  'A visitor sees their own brand kits and those shared with their teams.';
create policy insert_own on app_public.brand_kits for insert to :DATABASE_VISITOR
  with check (
    user_id = (select app_public.current_user_id())
    and (team_id is null or team_id in (select app_private.current_user_team_ids('{Owner,Admin,Editor}')))
  );
comment on policy insert_own on app_public.brand_kits is
  'A visitor creates their own brand kits, shared only with a team in which they may edit.';
create policy update_own_or_team_editor on app_public.brand_kits for update to :DATABASE_VISITOR
  using (
    user_id = (select app_public.current_user_id())
    or team_id in (select app_private.current_user_team_ids('{Owner,Admin,Editor}'))
  )
  with check (
    (user_id = (select app_public.current_user_id()) and team_id is null)
    or team_id in (select app_private.current_user_team_ids('{Owner,Admin,Editor}'))
  );
comment on policy update_own_or_team_editor on app_public.brand_kits is
  'The kit''s owner and the team''s Editors and above edit it; it stays personal or moves to a team in which the editor may edit.';
create policy delete_own_or_team_manager on app_public.brand_kits for delete to :DATABASE_VISITOR
  using (
    user_id = (select app_public.current_user_id())
    or team_id in (select app_private.current_user_team_ids('{Owner,Admin}'))
  );
comment on policy delete_own_or_team_manager on app_public.brand_kits is
  'The kit''s owner deletes it; so do the owner and Admins of the team it is shared with.';

create policy select_own on app_public.workbenches for select to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy select_own on app_public.workbenches is
  'Workbenches are personal.';
create policy insert_own on app_public.workbenches for insert to :DATABASE_VISITOR
  with check (
    user_id = (select app_public.current_user_id())
    and (default_brand_kit_id is null or exists (select 1 from app_public.brand_kits k where k.id = workbenches.default_brand_kit_id))
  );
comment on policy insert_own on app_public.workbenches is
  'A visitor creates their own workbenches, with a default brand kit they can see (their own or a team''s).';
create policy update_own on app_public.workbenches for update to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()))
  with check (
    user_id = (select app_public.current_user_id())
    and (default_brand_kit_id is null or exists (select 1 from app_public.brand_kits k where k.id = workbenches.default_brand_kit_id))
  );
comment on policy update_own on app_public.workbenches is
  'A visitor edits their own workbenches; the default brand kit must be one they can see.';
create policy delete_own on app_public.workbenches for delete to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy delete_own on app_public.workbenches is
  'A visitor deletes their own workbenches (with their projects).';

create policy select_public_or_own on app_public.templates for select to :DATABASE_VISITOR
  using (is_public or user_id = (select app_public.current_user_id()));
comment on policy select_public_or_own on app_public.templates is
  'Everyone, anonymous visitors included, sees public templates; a signed-in visitor also sees their own private ones.';
create policy insert_own on app_public.templates for insert to :DATABASE_VISITOR
  with check (user_id = (select app_public.current_user_id()));
comment on policy insert_own on app_public.templates is
  'A signed-in visitor creates templates of their own.';
create policy update_own on app_public.templates for update to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()))
  with check (user_id = (select app_public.current_user_id()));
comment on policy update_own on app_public.templates is
  'A visitor edits their own templates; system templates (no owner) are the backend''s.';
create policy delete_own on app_public.templates for delete to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy delete_own on app_public.templates is
  'A visitor deletes their own templates.';

create policy select_own on app_public.projects for select to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy select_own on app_public.projects is
  'Projects are personal.';
create policy insert_own on app_public.projects for insert to :DATABASE_VISITOR
  with check (
    user_id = (select app_public.current_user_id())
    and workbench_id in (select w.id from app_public.workbenches w where w.user_id = (select app_public.current_user_id()))
    and (template_id is null or exists (select 1 from app_public.templates t where t.id = projects.template_id))
    and (brand_kit_id is null or exists (select 1 from app_public.brand_kits k where k.id = projects.brand_kit_id))
  );
comment on policy insert_own on app_public.projects is
  'A visitor creates projects in their own workbenches, from a template and with a brand kit they can see.';
create policy update_own on app_public.projects for update to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()))
  with check (
    user_id = (select app_public.current_user_id())
    and workbench_id in (select w.id from app_public.workbenches w where w.user_id = (select app_public.current_user_id()))
    and (template_id is null or exists (select 1 from app_public.templates t where t.id = projects.template_id))
    and (brand_kit_id is null or exists (select 1 from app_public.brand_kits k where k.id = projects.brand_kit_id))
  );
comment on policy update_own on app_public.projects is
  'A visitor edits their own projects, which stay in their own workbenches and use only templates and brand kits they can see.';
create policy delete_own on app_public.projects for delete to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy delete_own on app_public.projects is
  'A visitor deletes their own projects.';

create policy select_own on app_public.assets for select to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy select_own on app_public.assets is
  'Assets are personal.';
create policy insert_own on app_public.assets for insert to :DATABASE_VISITOR
  with check (
    user_id = (select app_public.current_user_id())
    and type <> 'AIGenerated'
    and (project_id is null or project_id in (select p.id from app_public.projects p where p.user_id = (select app_public.current_user_id())))
  );
comment on policy insert_own on app_public.assets is
  'A visitor uploads or derives assets into their own projects (or none); AI-generated assets come from the backend.';
create policy update_own on app_public.assets for update to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()))
  with check (
    user_id = (select app_public.current_user_id())
    and (project_id is null or project_id in (select p.id from app_public.projects p where p.user_id = (select app_public.current_user_id())))
  );
comment on policy update_own on app_public.assets is
  'A visitor renames their own assets or moves them between their own projects.';
create policy delete_own on app_public.assets for delete to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy delete_own on app_public.assets is
  'A visitor deletes their own assets.';

create policy select_own on app_public.asset_versions for select to :DATABASE_VISITOR
  using (
    asset_id in (select a.id from app_public.assets a where a.user_id = (select app_public.current_user_id()))
    or project_id in (select p.id from app_public.projects p where p.user_id = (select app_public.current_user_id()))
  );
comment on policy select_own on app_public.asset_versions is
  'A visitor sees the versions of their own assets and projects.';
create policy insert_own on app_public.asset_versions for insert to :DATABASE_VISITOR
  with check (
    (asset_id is null or asset_id in (select a.id from app_public.assets a where a.user_id = (select app_public.current_user_id())))
    and (project_id is null or project_id in (select p.id from app_public.projects p where p.user_id = (select app_public.current_user_id())))
  );
comment on policy insert_own on app_public.asset_versions is
  'A visitor records versions of their own assets and projects only. Versions are history: there is no update.';
create policy delete_own on app_public.asset_versions for delete to :DATABASE_VISITOR
  using (
    asset_id in (select a.id from app_public.assets a where a.user_id = (select app_public.current_user_id()))
    or project_id in (select p.id from app_public.projects p where p.user_id = (select app_public.current_user_id()))
  );
comment on policy delete_own on app_public.asset_versions is
  'A visitor may prune versions of their own assets and projects.';

--------------------------------------------------------------------------------
-- AI generation
--------------------------------------------------------------------------------

create policy select_own on app_public.generation_requests for select to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy select_own on app_public.generation_requests is
  'A visitor follows their own generation requests.';
create policy insert_own on app_public.generation_requests for insert to :DATABASE_VISITOR
  with check (
    user_id = (select app_public.current_user_id())
    and project_id in (select p.id from app_public.projects p where p.user_id = (select app_public.current_user_id()))
  );
comment on policy insert_own on app_public.generation_requests is
  'A visitor asks for generations in their own projects. Status and the final asset are the backend''s.';

--------------------------------------------------------------------------------
-- Billing & usage: read-only for their owner.
--------------------------------------------------------------------------------

create policy select_own on app_public.subscriptions for select to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy select_own on app_public.subscriptions is
  'A visitor reads their own subscription; Odoo, through the backend, writes it.';

create policy select_own on app_public.credit_transactions for select to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy select_own on app_public.credit_transactions is
  'A visitor reads their own ledger; only the backend writes it.';

create policy select_own on app_public.usage_logs for select to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy select_own on app_public.usage_logs is
  'A visitor reads their own usage; only the backend writes it.';

--------------------------------------------------------------------------------
-- AI model registry: signed-in users read it, the backend writes it.
--------------------------------------------------------------------------------

create policy select_signed_in on app_public.ai_models for select to :DATABASE_VISITOR
  using ((select app_public.current_user_id()) is not null);
comment on policy select_signed_in on app_public.ai_models is
  'Signed-in visitors read the model registry.';

create policy select_signed_in on app_public.ai_model_versions for select to :DATABASE_VISITOR
  using ((select app_public.current_user_id()) is not null);
comment on policy select_signed_in on app_public.ai_model_versions is
  'Signed-in visitors read the model registry.';

create policy select_signed_in on app_public.ai_model_validation_results for select to :DATABASE_VISITOR
  using ((select app_public.current_user_id()) is not null);
comment on policy select_signed_in on app_public.ai_model_validation_results is
  'Signed-in visitors read the model registry.';

create policy select_signed_in on app_public.ai_model_deployments for select to :DATABASE_VISITOR
  using ((select app_public.current_user_id()) is not null);
comment on policy select_signed_in on app_public.ai_model_deployments is
  'Signed-in visitors read the model registry, without the serving endpoints and their details (no column privilege).';

create policy select_own on app_public.ai_model_feedback for select to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy select_own on app_public.ai_model_feedback is
  'A visitor reads the feedback they gave.';
create policy insert_own on app_public.ai_model_feedback for insert to :DATABASE_VISITOR
  with check (
    user_id = (select app_public.current_user_id())
    and (generation_request_id is null or generation_request_id in (select g.id from app_public.generation_requests g where g.user_id = (select app_public.current_user_id())))
  );
comment on policy insert_own on app_public.ai_model_feedback is
  'A visitor rates models, about their own generation requests only.';
create policy update_own on app_public.ai_model_feedback for update to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()))
  with check (user_id = (select app_public.current_user_id()));
comment on policy update_own on app_public.ai_model_feedback is
  'A visitor edits the feedback they gave.';
create policy delete_own on app_public.ai_model_feedback for delete to :DATABASE_VISITOR
  using (user_id = (select app_public.current_user_id()));
comment on policy delete_own on app_public.ai_model_feedback is
  'A visitor withdraws the feedback they gave.';

--------------------------------------------------------------------------------
-- Privileges. Revoked first so that a grant removed from this file is gone on
-- the next run too; revoking a table's privileges revokes its column
-- privileges as well.
--------------------------------------------------------------------------------

revoke all on all tables in schema app_public from :DATABASE_VISITOR;
revoke all on all functions in schema app_public from :DATABASE_VISITOR;
revoke all on all functions in schema app_private from :DATABASE_VISITOR;

grant usage on schema app_public to :DATABASE_VISITOR;
-- For the policy helper only: app_private holds no table the visitor is granted.
grant usage on schema app_private to :DATABASE_VISITOR;
grant execute on function app_public.current_user_id() to :DATABASE_VISITOR;
grant execute on function app_public.team_members_user_email(app_public.team_members) to :DATABASE_VISITOR;
grant execute on function app_private.current_user_team_ids(text[]) to :DATABASE_VISITOR;

-- Read: whole tables, except where a column is a secret or the backend's alone.
grant select on
  app_public.sessions,
  app_public.teams,
  app_public.team_members,
  app_public.notifications,
  app_public.brand_kits,
  app_public.workbenches,
  app_public.templates,
  app_public.projects,
  app_public.assets,
  app_public.asset_versions,
  app_public.generation_requests,
  app_public.subscriptions,
  app_public.credit_transactions,
  app_public.usage_logs,
  app_public.ai_models,
  app_public.ai_model_versions,
  app_public.ai_model_validation_results,
  app_public.ai_model_feedback
  to :DATABASE_VISITOR;
grant select (id, email, social_provider, social_provider_id, is_email_verified, subscription_tier, credit_balance, created_at, updated_at)
  on app_public.users to :DATABASE_VISITOR;
grant select (id, user_id, platform, external_user_id, access_token_expires_at, created_at, updated_at)
  on app_public.social_media_connections to :DATABASE_VISITOR;
grant select (id, user_id, name, api_key, status, created_at, updated_at)
  on app_public.api_clients to :DATABASE_VISITOR;
grant select (id, model_version_id, environment, status, replicas, deployed_at, created_at, updated_at)
  on app_public.ai_model_deployments to :DATABASE_VISITOR;

-- Write: only the columns a visitor may set.
grant insert (name) on app_public.teams to :DATABASE_VISITOR;
grant update (name) on app_public.teams to :DATABASE_VISITOR;
grant insert (team_id, user_id, role) on app_public.team_members to :DATABASE_VISITOR;
grant update (role) on app_public.team_members to :DATABASE_VISITOR;
grant update (name) on app_public.api_clients to :DATABASE_VISITOR;
grant update (is_read) on app_public.notifications to :DATABASE_VISITOR;
grant insert (team_id, name, colors, fonts, logos) on app_public.brand_kits to :DATABASE_VISITOR;
grant update (team_id, name, colors, fonts, logos) on app_public.brand_kits to :DATABASE_VISITOR;
grant insert (name, default_brand_kit_id) on app_public.workbenches to :DATABASE_VISITOR;
grant update (name, default_brand_kit_id) on app_public.workbenches to :DATABASE_VISITOR;
grant insert (name, category, preview_url, source_data, tags, is_public) on app_public.templates to :DATABASE_VISITOR;
grant update (name, category, preview_url, source_data, tags, is_public) on app_public.templates to :DATABASE_VISITOR;
grant insert (workbench_id, name, template_id, brand_kit_id, collaboration_state) on app_public.projects to :DATABASE_VISITOR;
grant update (workbench_id, name, template_id, brand_kit_id, collaboration_state) on app_public.projects to :DATABASE_VISITOR;
grant insert (project_id, name, type, file_path, mime_type, size_bytes, metadata) on app_public.assets to :DATABASE_VISITOR;
grant update (project_id, name, metadata) on app_public.assets to :DATABASE_VISITOR;
grant insert (asset_id, project_id, version_number, file_path, snapshot) on app_public.asset_versions to :DATABASE_VISITOR;
grant insert (project_id, input_prompt) on app_public.generation_requests to :DATABASE_VISITOR;
grant insert (generation_request_id, model_version_id, rating, comment) on app_public.ai_model_feedback to :DATABASE_VISITOR;
grant update (rating, comment) on app_public.ai_model_feedback to :DATABASE_VISITOR;

-- Delete: whole rows, as far as the policies reach.
grant delete on
  app_public.social_media_connections,
  app_public.api_clients,
  app_public.teams,
  app_public.team_members,
  app_public.notifications,
  app_public.brand_kits,
  app_public.workbenches,
  app_public.templates,
  app_public.projects,
  app_public.assets,
  app_public.asset_versions,
  app_public.ai_model_feedback
  to :DATABASE_VISITOR;
