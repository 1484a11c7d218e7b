--! Previous: -
--! Hash: sha1:6fab555ab68eddddf757d718e2d39f7313a5c193
--! Message: CreativeFlow data model: 22 tables

--
-- CreativeFlow AI data model: the 22 tables of the seed specification
-- (creativeflow-schema-spec.md, section 1) in schema app_public, plus the
-- trigger helper in app_private.
--
-- Conventions (DESIGN.md): snake_case, timestamptz, text with a named
-- char_length check where the spec says String(n), uuid keys from
-- gen_random_uuid(), numeric for money and credits, jsonb, closed value sets
-- as named check constraints, every constraint named, every foreign key
-- indexed and given an explicit on delete, every table and column commented.
--
-- Re-runnable: everything this file creates lives in the two schemas dropped
-- first. Runs on PostgreSQL 15 to 18.
--

drop schema if exists app_public cascade;
drop schema if exists app_private cascade;

create schema app_public;
comment on schema app_public is 'CreativeFlow AI tables exposed through the API.';

create schema app_private;
comment on schema app_private is 'Helpers and secrets the API must not expose.';

create or replace function app_private.tg__set_updated_at() returns trigger
  language plpgsql
  set search_path = pg_catalog, pg_temp
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
comment on function app_private.tg__set_updated_at() is
  'Trigger function for BEFORE UPDATE row triggers: sets updated_at to the current transaction time, so every table''s updated_at records its last change whatever the client sends.';


--------------------------------------------------------------------------------
-- Identity & teams: accounts, sign-in sessions, linked social accounts,
-- API credentials, teams and their members, notifications.
--------------------------------------------------------------------------------

create table app_public.users (
  id uuid not null default gen_random_uuid(),
  email text not null,
  password_hash text,
  social_provider text,
  social_provider_id text,
  is_email_verified boolean not null default false,
  subscription_tier text not null default 'Free',
  credit_balance numeric(10, 2) not null default 0.00,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_pkey primary key (id),
  constraint users_social_provider_social_provider_id_key unique (social_provider, social_provider_id),
  constraint users_email_char_length_check check (char_length(email) <= 255),
  constraint users_email_check check (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  constraint users_password_hash_char_length_check check (char_length(password_hash) <= 255),
  constraint users_social_provider_char_length_check check (char_length(social_provider) <= 50),
  constraint users_social_provider_check check (social_provider in ('Google', 'Facebook', 'Apple')),
  constraint users_social_provider_id_char_length_check check (char_length(social_provider_id) <= 255),
  constraint users_social_identity_check check ((social_provider is null) = (social_provider_id is null)),
  constraint users_subscription_tier_char_length_check check (char_length(subscription_tier) <= 20),
  constraint users_subscription_tier_check check (subscription_tier in ('Free', 'Pro', 'Team', 'Enterprise')),
  constraint users_credit_balance_check check (credit_balance >= 0)
);
create unique index users_email_key on app_public.users (lower(email));
create index users_subscription_tier_idx on app_public.users (subscription_tier);
create trigger _100_set_updated_at before update on app_public.users
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.users is
  'A CreativeFlow account: sign-in identity, subscription tier and credit balance.';
comment on column app_public.users.id is 'Primary key.';
comment on column app_public.users.email is 'Sign-in e-mail address; unique regardless of letter case.';
comment on column app_public.users.password_hash is E'@behavior -*\nHash of the password; null for accounts that only sign in through a social provider. Hidden from the GraphQL API: secrets stay in the backend.';
comment on column app_public.users.social_provider is 'Social sign-in provider, if any. One of: Google, Facebook, Apple.';
comment on column app_public.users.social_provider_id is 'The user''s id at the social sign-in provider; set exactly when social_provider is set.';
comment on column app_public.users.is_email_verified is 'Whether the user has confirmed the e-mail address.';
comment on column app_public.users.subscription_tier is 'Current plan tier. One of: Free, Pro, Team, Enterprise.';
comment on column app_public.users.credit_balance is 'Generation credits available to spend; never negative.';
comment on column app_public.users.created_at is 'When the account was created.';
comment on column app_public.users.updated_at is 'When the row last changed; maintained by a trigger.';
comment on index app_public.users_email_key is 'One account per e-mail address, compared case-insensitively.';
comment on constraint users_social_provider_social_provider_id_key on app_public.users is 'One account per social sign-in identity.';

create table app_public.sessions (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  device_info text not null,
  ip_address inet not null,
  last_activity timestamptz not null default now(),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint sessions_pkey primary key (id),
  constraint sessions_device_info_char_length_check check (char_length(device_info) <= 255),
  constraint sessions_expires_at_check check (expires_at > created_at),
  constraint sessions_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete cascade
);
create index sessions_user_id_idx on app_public.sessions (user_id);
create index sessions_last_activity_idx on app_public.sessions (last_activity);
create index sessions_expires_at_idx on app_public.sessions (expires_at);
create trigger _100_set_updated_at before update on app_public.sessions
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.sessions is
  'A signed-in session of a user on one device.';
comment on column app_public.sessions.id is 'Primary key.';
comment on column app_public.sessions.user_id is 'The signed-in user.';
comment on column app_public.sessions.device_info is 'Description of the client device or browser (user agent).';
comment on column app_public.sessions.ip_address is 'Client IP address (IPv4 or IPv6); stored as inet rather than the spec''s String(45).';
comment on column app_public.sessions.last_activity is 'When the session was last used.';
comment on column app_public.sessions.expires_at is 'When the session stops being valid; always after the session started.';
comment on column app_public.sessions.created_at is 'When the session started.';
comment on column app_public.sessions.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint sessions_user_id_fkey on app_public.sessions is
  'Cascade: sessions are meaningless without their user; deleting the user signs them out everywhere.';

create table app_public.social_media_connections (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  platform text not null,
  external_user_id text not null,
  access_token text not null,
  refresh_token text,
  access_token_expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint social_media_connections_pkey primary key (id),
  constraint social_media_connections_user_id_platform_external_user_id_key unique (user_id, platform, external_user_id),
  constraint social_media_connections_platform_char_length_check check (char_length(platform) <= 20),
  constraint social_media_connections_platform_check check (platform in ('Instagram', 'Facebook', 'LinkedIn', 'Twitter', 'Pinterest', 'TikTok', 'YouTube')),
  constraint social_media_connections_external_user_id_char_length_check check (char_length(external_user_id) <= 100),
  constraint social_media_connections_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete cascade
);
create trigger _100_set_updated_at before update on app_public.social_media_connections
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.social_media_connections is
  'A social media account a user has linked for publishing. Columns added beyond the spec: refresh_token and access_token_expires_at, because the spec''s logic text stores the connection''s encrypted tokens (plural) and OAuth access tokens expire and are renewed with a refresh token.';
comment on column app_public.social_media_connections.id is 'Primary key.';
comment on column app_public.social_media_connections.user_id is 'The user who linked the account.';
comment on column app_public.social_media_connections.platform is 'Social platform. One of: Instagram, Facebook, LinkedIn, Twitter, Pinterest, TikTok, YouTube.';
comment on column app_public.social_media_connections.external_user_id is 'The account''s id on the platform.';
comment on column app_public.social_media_connections.access_token is E'@behavior -*\nOAuth access token, encrypted by the application before storage. Hidden from the GraphQL API: secrets stay in the backend.';
comment on column app_public.social_media_connections.refresh_token is E'@behavior -*\nOAuth refresh token, encrypted by the application; null if the platform issues none. Hidden from the GraphQL API: secrets stay in the backend.';
comment on column app_public.social_media_connections.access_token_expires_at is 'When the access token expires; null if unknown or non-expiring.';
comment on column app_public.social_media_connections.created_at is 'When the account was linked.';
comment on column app_public.social_media_connections.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint social_media_connections_user_id_platform_external_user_id_key on app_public.social_media_connections is
  'A user links each platform account only once.';
comment on constraint social_media_connections_user_id_fkey on app_public.social_media_connections is
  'Cascade: linked accounts and their tokens belong to the user and must not outlive the account.';

create table app_public.api_clients (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  name text not null,
  api_key text not null,
  secret_hash text not null,
  status text not null default 'Active',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint api_clients_pkey primary key (id),
  constraint api_clients_api_key_key unique (api_key),
  constraint api_clients_name_char_length_check check (char_length(name) <= 100),
  constraint api_clients_api_key_char_length_check check (char_length(api_key) <= 100),
  constraint api_clients_secret_hash_char_length_check check (char_length(secret_hash) <= 255),
  constraint api_clients_status_check check (status in ('Active', 'Suspended', 'Revoked')),
  constraint api_clients_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete cascade
);
create index api_clients_user_id_idx on app_public.api_clients (user_id);
create trigger _100_set_updated_at before update on app_public.api_clients
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.api_clients is
  'Credentials a user created for programmatic API access. Columns added beyond the spec: status, because the spec''s logic text gives API clients a status, so a key can be suspended or revoked without deleting its history.';
comment on column app_public.api_clients.id is 'Primary key.';
comment on column app_public.api_clients.user_id is 'The user who owns the credentials and is billed for their use.';
comment on column app_public.api_clients.name is 'Name the user gave the key.';
comment on column app_public.api_clients.api_key is 'Public key identifier sent with API calls; unique.';
comment on column app_public.api_clients.secret_hash is E'@behavior -*\nHash of the client secret; the secret itself is never stored. Hidden from the GraphQL API: secrets stay in the backend.';
comment on column app_public.api_clients.status is 'Whether the key may be used. One of: Active, Suspended, Revoked.';
comment on column app_public.api_clients.created_at is 'When the key was created.';
comment on column app_public.api_clients.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint api_clients_user_id_fkey on app_public.api_clients is
  'Cascade: API credentials are useless and unsafe without their owner; credit spent through them stays in credit_transactions.';

create table app_public.teams (
  id uuid not null default gen_random_uuid(),
  name text not null,
  owner_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint teams_pkey primary key (id),
  constraint teams_name_char_length_check check (char_length(name) <= 100),
  constraint teams_owner_id_fkey foreign key (owner_id)
    references app_public.users (id) on delete restrict
);
create index teams_owner_id_idx on app_public.teams (owner_id);
create trigger _100_set_updated_at before update on app_public.teams
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.teams is
  'A group of users who share brand kits and collaborate.';
comment on column app_public.teams.id is 'Primary key.';
comment on column app_public.teams.name is 'Display name of the team.';
comment on column app_public.teams.owner_id is 'The user who owns the team and is responsible for it.';
comment on column app_public.teams.created_at is 'When the team was created.';
comment on column app_public.teams.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint teams_owner_id_fkey on app_public.teams is
  'Restrict: a team is shared by its members, so its owner cannot be deleted until ownership is transferred or the team is deleted.';

create table app_public.team_members (
  id uuid not null default gen_random_uuid(),
  team_id uuid not null,
  user_id uuid not null,
  role text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint team_members_pkey primary key (id),
  constraint team_members_team_id_user_id_key unique (team_id, user_id),
  constraint team_members_role_char_length_check check (char_length(role) <= 20),
  constraint team_members_role_check check (role in ('Owner', 'Admin', 'Editor', 'Viewer')),
  constraint team_members_team_id_fkey foreign key (team_id)
    references app_public.teams (id) on delete cascade,
  constraint team_members_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete cascade
);
create index team_members_user_id_idx on app_public.team_members (user_id);
create index team_members_role_idx on app_public.team_members (role);
create trigger _100_set_updated_at before update on app_public.team_members
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.team_members is
  'Membership of a user in a team, with the role that sets what the user may do there.';
comment on column app_public.team_members.id is 'Primary key.';
comment on column app_public.team_members.team_id is 'The team.';
comment on column app_public.team_members.user_id is 'The member.';
comment on column app_public.team_members.role is 'The member''s role in the team. One of: Owner, Admin, Editor, Viewer.';
comment on column app_public.team_members.created_at is 'When the user joined the team.';
comment on column app_public.team_members.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint team_members_team_id_user_id_key on app_public.team_members is 'A user is a member of a team at most once.';
comment on constraint team_members_team_id_fkey on app_public.team_members is
  'Cascade: memberships end with the team.';
comment on constraint team_members_user_id_fkey on app_public.team_members is
  'Cascade: a deleted user leaves every team they belonged to.';

create table app_public.notifications (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  type text not null,
  message text not null,
  is_read boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint notifications_pkey primary key (id),
  constraint notifications_type_char_length_check check (char_length(type) <= 50),
  constraint notifications_type_check check (type in ('GenerationCompleted', 'GenerationFailed', 'CollaborationInvite', 'TeamInvite', 'SubscriptionUpdate', 'PaymentFailed', 'LowCredits', 'SocialPublishResult', 'System')),
  constraint notifications_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete cascade
);
create index notifications_user_id_idx on app_public.notifications (user_id);
create index notifications_is_read_idx on app_public.notifications (is_read);
create index notifications_created_at_idx on app_public.notifications (created_at);
create trigger _100_set_updated_at before update on app_public.notifications
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.notifications is
  'A message shown to a user in the app.';
comment on column app_public.notifications.id is 'Primary key.';
comment on column app_public.notifications.user_id is 'The recipient.';
comment on column app_public.notifications.type is 'What the notification is about. One of: GenerationCompleted, GenerationFailed, CollaborationInvite, TeamInvite, SubscriptionUpdate, PaymentFailed, LowCredits, SocialPublishResult, System.';
comment on column app_public.notifications.message is 'Text shown to the user.';
comment on column app_public.notifications.is_read is 'Whether the user has read the notification.';
comment on column app_public.notifications.created_at is 'When the notification was created.';
comment on column app_public.notifications.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint notifications_user_id_fkey on app_public.notifications is
  'Cascade: notifications are addressed to one user and have no value without them.';


--------------------------------------------------------------------------------
-- Creative workspace: brand kits, workbenches, templates, projects, assets
-- and their versions.
--------------------------------------------------------------------------------

create table app_public.brand_kits (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  team_id uuid,
  name text not null,
  colors jsonb not null,
  fonts jsonb not null,
  logos jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint brand_kits_pkey primary key (id),
  constraint brand_kits_name_char_length_check check (char_length(name) <= 100),
  constraint brand_kits_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete cascade,
  constraint brand_kits_team_id_fkey foreign key (team_id)
    references app_public.teams (id) on delete set null
);
create index brand_kits_user_id_idx on app_public.brand_kits (user_id);
create index brand_kits_team_id_idx on app_public.brand_kits (team_id);
create trigger _100_set_updated_at before update on app_public.brand_kits
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.brand_kits is
  'A set of brand colours, fonts and logos applied to creative work. Columns added beyond the spec: logos, because the spec''s logic text lists logos (JSONB) among the brand kit columns.';
comment on column app_public.brand_kits.id is 'Primary key.';
comment on column app_public.brand_kits.user_id is 'The user who created the brand kit.';
comment on column app_public.brand_kits.team_id is 'The team the brand kit is shared with; null for a personal kit.';
comment on column app_public.brand_kits.name is 'Display name of the brand kit.';
comment on column app_public.brand_kits.colors is 'Brand colours (JSON), e.g. named hex values.';
comment on column app_public.brand_kits.fonts is 'Brand fonts (JSON), e.g. families and their uses.';
comment on column app_public.brand_kits.logos is 'Brand logos (JSON array), e.g. asset references or file paths with their variants; empty when none.';
comment on column app_public.brand_kits.created_at is 'When the brand kit was created.';
comment on column app_public.brand_kits.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint brand_kits_user_id_fkey on app_public.brand_kits is
  'Cascade: a brand kit is its creator''s work and is deleted with the account.';
comment on constraint brand_kits_team_id_fkey on app_public.brand_kits is
  'Set null: when a team is deleted its brand kits stay with their creators as personal kits.';

create table app_public.workbenches (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  name text not null,
  default_brand_kit_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workbenches_pkey primary key (id),
  constraint workbenches_name_char_length_check check (char_length(name) <= 100),
  constraint workbenches_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete cascade,
  constraint workbenches_default_brand_kit_id_fkey foreign key (default_brand_kit_id)
    references app_public.brand_kits (id) on delete set null
);
create index workbenches_user_id_idx on app_public.workbenches (user_id);
create index workbenches_default_brand_kit_id_idx on app_public.workbenches (default_brand_kit_id);
create trigger _100_set_updated_at before update on app_public.workbenches
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.workbenches is
  'A user''s workspace that groups related projects.';
comment on column app_public.workbenches.id is 'Primary key.';
comment on column app_public.workbenches.user_id is 'The user who owns the workbench.';
comment on column app_public.workbenches.name is 'Display name of the workbench.';
comment on column app_public.workbenches.default_brand_kit_id is 'Brand kit applied to new projects in this workbench; optional.';
comment on column app_public.workbenches.created_at is 'When the workbench was created.';
comment on column app_public.workbenches.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint workbenches_user_id_fkey on app_public.workbenches is
  'Cascade: a workbench is its owner''s work and is deleted with the account.';
comment on constraint workbenches_default_brand_kit_id_fkey on app_public.workbenches is
  'Set null: the default brand kit is only a preference; deleting the kit leaves the workbench without a default.';

create table app_public.templates (
  id uuid not null default gen_random_uuid(),
  user_id uuid,
  name text not null,
  category text not null,
  preview_url text not null,
  source_data jsonb not null,
  tags jsonb,
  is_public boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint templates_pkey primary key (id),
  constraint templates_name_char_length_check check (char_length(name) <= 100),
  constraint templates_category_char_length_check check (char_length(category) <= 50),
  constraint templates_preview_url_char_length_check check (char_length(preview_url) <= 1024),
  constraint templates_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete set null
);
create index templates_user_id_idx on app_public.templates (user_id);
create index templates_category_idx on app_public.templates (category);
create trigger _100_set_updated_at before update on app_public.templates
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.templates is
  'A reusable design that projects can start from: system templates and templates created by users.';
comment on column app_public.templates.id is 'Primary key.';
comment on column app_public.templates.user_id is 'The user who created the template; null for system templates and templates whose creator was deleted.';
comment on column app_public.templates.name is 'Display name of the template.';
comment on column app_public.templates.category is 'Category used to browse templates, e.g. a social post format.';
comment on column app_public.templates.preview_url is 'URL of the preview image.';
comment on column app_public.templates.source_data is 'The template design itself (JSON) that a project is created from.';
comment on column app_public.templates.tags is 'Search tags (JSON array); optional.';
comment on column app_public.templates.is_public is 'Whether every user can see and use the template.';
comment on column app_public.templates.created_at is 'When the template was created.';
comment on column app_public.templates.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint templates_user_id_fkey on app_public.templates is
  'Set null: templates, public ones especially, are used by other users and survive their creator''s deletion.';

create table app_public.projects (
  id uuid not null default gen_random_uuid(),
  workbench_id uuid not null,
  user_id uuid not null,
  name text not null,
  template_id uuid,
  brand_kit_id uuid,
  collaboration_state jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint projects_pkey primary key (id),
  constraint projects_name_char_length_check check (char_length(name) <= 100),
  constraint projects_workbench_id_fkey foreign key (workbench_id)
    references app_public.workbenches (id) on delete cascade,
  constraint projects_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete cascade,
  constraint projects_template_id_fkey foreign key (template_id)
    references app_public.templates (id) on delete set null,
  constraint projects_brand_kit_id_fkey foreign key (brand_kit_id)
    references app_public.brand_kits (id) on delete set null
);
create index projects_workbench_id_idx on app_public.projects (workbench_id);
create index projects_user_id_idx on app_public.projects (user_id);
create index projects_template_id_idx on app_public.projects (template_id);
create index projects_brand_kit_id_idx on app_public.projects (brand_kit_id);
create trigger _100_set_updated_at before update on app_public.projects
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.projects is
  'A piece of creative work in a workbench: its assets and the AI generations made for it.';
comment on column app_public.projects.id is 'Primary key.';
comment on column app_public.projects.workbench_id is 'The workbench the project belongs to.';
comment on column app_public.projects.user_id is 'The user who owns the project.';
comment on column app_public.projects.name is 'Display name of the project.';
comment on column app_public.projects.template_id is 'The template the project was started from; optional.';
comment on column app_public.projects.brand_kit_id is 'The brand kit applied to the project; optional.';
comment on column app_public.projects.collaboration_state is 'Real-time collaboration document state (JSON); null when nobody has collaborated yet.';
comment on column app_public.projects.created_at is 'When the project was created.';
comment on column app_public.projects.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint projects_workbench_id_fkey on app_public.projects is
  'Cascade: projects live inside their workbench and are deleted with it.';
comment on constraint projects_user_id_fkey on app_public.projects is
  'Cascade: a project is its owner''s work and is deleted with the account.';
comment on constraint projects_template_id_fkey on app_public.projects is
  'Set null: a project keeps its own copy of the design, so deleting the template only forgets where it came from.';
comment on constraint projects_brand_kit_id_fkey on app_public.projects is
  'Set null: deleting a brand kit leaves its projects without one rather than deleting work.';

create table app_public.assets (
  id uuid not null default gen_random_uuid(),
  project_id uuid,
  user_id uuid not null,
  generation_request_id uuid,
  name text not null,
  type text not null,
  file_path text not null,
  mime_type text,
  size_bytes bigint,
  metadata jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint assets_pkey primary key (id),
  constraint assets_name_char_length_check check (char_length(name) <= 255),
  constraint assets_type_char_length_check check (char_length(type) <= 20),
  constraint assets_type_check check (type in ('Uploaded', 'AIGenerated', 'Derived')),
  constraint assets_file_path_char_length_check check (char_length(file_path) <= 1024),
  constraint assets_mime_type_char_length_check check (char_length(mime_type) <= 255),
  constraint assets_mime_type_check check (mime_type ~ '^[a-z]+/[A-Za-z0-9.+_-]+$'),
  constraint assets_size_bytes_check check (size_bytes >= 0),
  constraint assets_project_id_fkey foreign key (project_id)
    references app_public.projects (id) on delete cascade,
  constraint assets_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete cascade
  -- assets_generation_request_id_fkey is added below, once generation_requests exists.
);
create index assets_project_id_idx on app_public.assets (project_id);
create index assets_user_id_idx on app_public.assets (user_id);
create index assets_generation_request_id_idx on app_public.assets (generation_request_id);
create trigger _100_set_updated_at before update on app_public.assets
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.assets is
  'A media file a user uploaded, an AI generation produced, or one derived from another asset. Columns added beyond the spec: mime_type, size_bytes and metadata, because the file itself lives in object storage and the application needs its format, size and media details (dimensions, duration) without fetching it.';
comment on column app_public.assets.id is 'Primary key.';
comment on column app_public.assets.project_id is 'The project the asset belongs to; null for assets in the user''s library outside any project.';
comment on column app_public.assets.user_id is 'The user who owns the asset.';
comment on column app_public.assets.generation_request_id is 'The AI generation request that produced the asset; optional.';
comment on column app_public.assets.name is 'Display name of the asset.';
comment on column app_public.assets.type is 'Where the asset came from. One of: Uploaded, AIGenerated, Derived.';
comment on column app_public.assets.file_path is 'Location of the file in object storage.';
comment on column app_public.assets.mime_type is 'Media type of the file, e.g. image/png; null until known.';
comment on column app_public.assets.size_bytes is 'File size in bytes; null until known, never negative.';
comment on column app_public.assets.metadata is 'Further media details (JSON), e.g. width, height, duration; optional.';
comment on column app_public.assets.created_at is 'When the asset was created.';
comment on column app_public.assets.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint assets_project_id_fkey on app_public.assets is
  'Cascade: a project''s assets are part of the project and are deleted with it.';
comment on constraint assets_user_id_fkey on app_public.assets is
  'Cascade: assets are their owner''s work and are deleted with the account.';

create table app_public.asset_versions (
  id uuid not null default gen_random_uuid(),
  asset_id uuid,
  project_id uuid,
  version_number integer not null,
  file_path text,
  snapshot jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint asset_versions_pkey primary key (id),
  constraint asset_versions_asset_id_version_number_key unique (asset_id, version_number),
  constraint asset_versions_version_number_check check (version_number >= 1),
  constraint asset_versions_file_path_char_length_check check (char_length(file_path) <= 1024),
  constraint asset_versions_subject_check check (asset_id is not null or project_id is not null),
  constraint asset_versions_asset_id_fkey foreign key (asset_id)
    references app_public.assets (id) on delete cascade,
  constraint asset_versions_project_id_fkey foreign key (project_id)
    references app_public.projects (id) on delete cascade
);
create index asset_versions_project_id_idx on app_public.asset_versions (project_id);
create trigger _100_set_updated_at before update on app_public.asset_versions
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.asset_versions is
  'A numbered saved version of an asset or of a project. Columns added beyond the spec: file_path and snapshot, because a version must record what was saved: the file of that asset version, or the design state of that project version.';
comment on column app_public.asset_versions.id is 'Primary key.';
comment on column app_public.asset_versions.asset_id is 'The versioned asset; null for a project version. Version numbers are unique per asset.';
comment on column app_public.asset_versions.project_id is 'The versioned project, or the project the asset belonged to; at least one of asset_id and project_id is set.';
comment on column app_public.asset_versions.version_number is 'Sequence number of the version, starting at 1.';
comment on column app_public.asset_versions.file_path is 'Location of this version''s file in object storage; optional.';
comment on column app_public.asset_versions.snapshot is 'Design state saved with this version (JSON); optional.';
comment on column app_public.asset_versions.created_at is 'When the version was saved.';
comment on column app_public.asset_versions.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint asset_versions_asset_id_version_number_key on app_public.asset_versions is 'Each version number occurs once per asset.';
comment on constraint asset_versions_asset_id_fkey on app_public.asset_versions is
  'Cascade: an asset''s version history is deleted with the asset.';
comment on constraint asset_versions_project_id_fkey on app_public.asset_versions is
  'Cascade: a project''s version history is deleted with the project.';


--------------------------------------------------------------------------------
-- AI generation: requests to generate creative output, closing the cycle
-- with assets (an asset may come from a request; a request ends in a final
-- asset).
--------------------------------------------------------------------------------

create table app_public.generation_requests (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  project_id uuid not null,
  input_prompt text not null,
  status text not null default 'Pending',
  final_asset_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint generation_requests_pkey primary key (id),
  constraint generation_requests_status_char_length_check check (char_length(status) <= 50),
  constraint generation_requests_status_check check (status in ('Pending', 'ProcessingSamples', 'AwaitingSelection', 'ProcessingFinal', 'Completed', 'Failed', 'Cancelled')),
  constraint generation_requests_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete cascade,
  constraint generation_requests_project_id_fkey foreign key (project_id)
    references app_public.projects (id) on delete cascade,
  constraint generation_requests_final_asset_id_fkey foreign key (final_asset_id)
    references app_public.assets (id) on delete set null
);
create index generation_requests_user_id_idx on app_public.generation_requests (user_id);
create index generation_requests_project_id_idx on app_public.generation_requests (project_id);
create index generation_requests_status_idx on app_public.generation_requests (status);
create index generation_requests_final_asset_id_idx on app_public.generation_requests (final_asset_id);
create trigger _100_set_updated_at before update on app_public.generation_requests
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.generation_requests is
  'A request to generate creative output from a prompt, tracked from submission to the final asset.';
comment on column app_public.generation_requests.id is 'Primary key.';
comment on column app_public.generation_requests.user_id is 'The user who made the request and is charged for it.';
comment on column app_public.generation_requests.project_id is 'The project the output is generated for.';
comment on column app_public.generation_requests.input_prompt is 'The prompt the user entered.';
comment on column app_public.generation_requests.status is 'Progress of the request. One of: Pending, ProcessingSamples, AwaitingSelection, ProcessingFinal, Completed, Failed, Cancelled.';
comment on column app_public.generation_requests.final_asset_id is 'The asset finally produced; null until the request completes.';
comment on column app_public.generation_requests.created_at is 'When the request was submitted.';
comment on column app_public.generation_requests.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint generation_requests_user_id_fkey on app_public.generation_requests is
  'Cascade: generation history is the user''s data and is deleted with the account; the credit ledger keeps the charges.';
comment on constraint generation_requests_project_id_fkey on app_public.generation_requests is
  'Cascade: requests are part of their project and are deleted with it.';
comment on constraint generation_requests_final_asset_id_fkey on app_public.generation_requests is
  'Set null: deleting the produced asset keeps the request as history, without its output.';

alter table app_public.assets
  add constraint assets_generation_request_id_fkey foreign key (generation_request_id)
    references app_public.generation_requests (id) on delete set null;
comment on constraint assets_generation_request_id_fkey on app_public.assets is
  'Set null: an asset stays in the library when the request that produced it is deleted.';


--------------------------------------------------------------------------------
-- Billing & usage: subscriptions mirrored from Odoo, the credit ledger and
-- the usage log.
--------------------------------------------------------------------------------

create table app_public.subscriptions (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  odoo_sale_order_id text not null,
  plan_id text not null,
  status text not null default 'Active',
  current_period_start timestamptz,
  current_period_end timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint subscriptions_pkey primary key (id),
  constraint subscriptions_user_id_key unique (user_id),
  constraint subscriptions_odoo_sale_order_id_key unique (odoo_sale_order_id),
  constraint subscriptions_odoo_sale_order_id_char_length_check check (char_length(odoo_sale_order_id) <= 255),
  constraint subscriptions_plan_id_char_length_check check (char_length(plan_id) <= 50),
  constraint subscriptions_status_char_length_check check (char_length(status) <= 20),
  constraint subscriptions_status_check check (status in ('Active', 'Trialing', 'PastDue', 'Suspended', 'Cancelled', 'Expired')),
  constraint subscriptions_current_period_check check (current_period_end > current_period_start),
  constraint subscriptions_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete restrict
);
create index subscriptions_status_idx on app_public.subscriptions (status);
create index subscriptions_current_period_end_idx on app_public.subscriptions (current_period_end);
create trigger _100_set_updated_at before update on app_public.subscriptions
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.subscriptions is
  'A user''s paid subscription, mirrored from its Odoo sale order. Columns added beyond the spec: current_period_start, because the spec''s logic text records the billing period, which has a start as well as an end.';
comment on column app_public.subscriptions.id is 'Primary key.';
comment on column app_public.subscriptions.user_id is 'The subscriber; a user has at most one subscription.';
comment on column app_public.subscriptions.odoo_sale_order_id is 'The Odoo sale order that bills the subscription; unique.';
comment on column app_public.subscriptions.plan_id is 'Identifier of the subscribed plan in the billing system.';
comment on column app_public.subscriptions.status is 'Billing state. One of: Active, Trialing, PastDue, Suspended, Cancelled, Expired.';
comment on column app_public.subscriptions.current_period_start is 'Start of the current billing period; optional, before current_period_end when set.';
comment on column app_public.subscriptions.current_period_end is 'End of the current billing period, when the subscription renews or lapses.';
comment on column app_public.subscriptions.created_at is 'When the subscription was recorded.';
comment on column app_public.subscriptions.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint subscriptions_user_id_fkey on app_public.subscriptions is
  'Restrict: a user with a subscription is a billed customer; end the subscription in Odoo and remove this row before deleting the account.';

create table app_public.credit_transactions (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  generation_request_id uuid,
  api_client_id uuid,
  amount numeric(10, 2) not null,
  action_type text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint credit_transactions_pkey primary key (id),
  constraint credit_transactions_amount_check check (amount <> 0),
  constraint credit_transactions_action_type_char_length_check check (char_length(action_type) <= 50),
  constraint credit_transactions_action_type_check check (action_type in ('Purchase', 'SubscriptionGrant', 'GenerationCharge', 'ApiCharge', 'Refund', 'Adjustment', 'Expiry')),
  constraint credit_transactions_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete restrict,
  constraint credit_transactions_generation_request_id_fkey foreign key (generation_request_id)
    references app_public.generation_requests (id) on delete set null,
  constraint credit_transactions_api_client_id_fkey foreign key (api_client_id)
    references app_public.api_clients (id) on delete set null
);
create index credit_transactions_user_id_idx on app_public.credit_transactions (user_id);
create index credit_transactions_generation_request_id_idx on app_public.credit_transactions (generation_request_id);
create index credit_transactions_api_client_id_idx on app_public.credit_transactions (api_client_id);
create index credit_transactions_action_type_idx on app_public.credit_transactions (action_type);
create index credit_transactions_created_at_idx on app_public.credit_transactions (created_at);
create trigger _100_set_updated_at before update on app_public.credit_transactions
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.credit_transactions is
  'The credit ledger: one row per change to a user''s credit balance. Columns added beyond the spec: api_client_id, because the spec''s logic text links a transaction to the related request or API call, and API usage is charged per API client.';
comment on column app_public.credit_transactions.id is 'Primary key.';
comment on column app_public.credit_transactions.user_id is 'The user whose balance changed.';
comment on column app_public.credit_transactions.generation_request_id is 'The generation request that was charged or refunded; optional.';
comment on column app_public.credit_transactions.api_client_id is 'The API client whose call was charged; optional.';
comment on column app_public.credit_transactions.amount is 'Credits added (positive) or spent (negative); never zero.';
comment on column app_public.credit_transactions.action_type is 'Why the balance changed. One of: Purchase, SubscriptionGrant, GenerationCharge, ApiCharge, Refund, Adjustment, Expiry.';
comment on column app_public.credit_transactions.created_at is 'When the transaction happened.';
comment on column app_public.credit_transactions.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint credit_transactions_user_id_fkey on app_public.credit_transactions is
  'Restrict: financial records must be kept; a user with ledger entries cannot be deleted, only anonymised.';
comment on constraint credit_transactions_generation_request_id_fkey on app_public.credit_transactions is
  'Set null: the ledger entry outlives the generation request it paid for.';
comment on constraint credit_transactions_api_client_id_fkey on app_public.credit_transactions is
  'Set null: the ledger entry outlives the API client it was charged through.';

create table app_public.usage_logs (
  id bigint generated always as identity,
  user_id uuid not null,
  action_type text not null,
  details jsonb,
  "timestamp" timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint usage_logs_pkey primary key (id),
  constraint usage_logs_action_type_char_length_check check (char_length(action_type) <= 100),
  constraint usage_logs_action_type_check check (action_type in ('Login', 'Logout', 'ProjectCreated', 'AssetUploaded', 'AssetExported', 'GenerationRequested', 'GenerationCompleted', 'TemplateUsed', 'SocialPublish', 'ApiCall')),
  constraint usage_logs_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete cascade
);
create index usage_logs_user_id_idx on app_public.usage_logs (user_id);
create index usage_logs_action_type_idx on app_public.usage_logs (action_type);
create index usage_logs_timestamp_idx on app_public.usage_logs ("timestamp");
create trigger _100_set_updated_at before update on app_public.usage_logs
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.usage_logs is
  'Append-only log of user actions, for analytics and usage limits.';
comment on column app_public.usage_logs.id is 'Primary key; increases with insertion order.';
comment on column app_public.usage_logs.user_id is 'The user who acted.';
comment on column app_public.usage_logs.action_type is 'What the user did. One of: Login, Logout, ProjectCreated, AssetUploaded, AssetExported, GenerationRequested, GenerationCompleted, TemplateUsed, SocialPublish, ApiCall.';
comment on column app_public.usage_logs.details is 'Context of the action (JSON); optional.';
comment on column app_public.usage_logs."timestamp" is 'When the action happened.';
comment on column app_public.usage_logs.created_at is 'When the log entry was recorded.';
comment on column app_public.usage_logs.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint usage_logs_user_id_fkey on app_public.usage_logs is
  'Cascade: usage logs are personal activity data, deleted with the account; billing facts live in credit_transactions.';


--------------------------------------------------------------------------------
-- AI model registry: models, their versions, validation results and
-- deployments, and user feedback on generated output. Versions and
-- validation results reference each other; the closing foreign key is added
-- after both tables exist.
--------------------------------------------------------------------------------

create table app_public.ai_models (
  id uuid not null default gen_random_uuid(),
  name text not null,
  provider text not null,
  task_type text not null,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ai_models_pkey primary key (id),
  constraint ai_models_name_key unique (name),
  constraint ai_models_name_char_length_check check (char_length(name) <= 100),
  constraint ai_models_provider_char_length_check check (char_length(provider) <= 50),
  constraint ai_models_task_type_char_length_check check (char_length(task_type) <= 50),
  constraint ai_models_task_type_check check (task_type in ('ImageGeneration', 'ImageEditing', 'TextGeneration', 'VideoGeneration', 'Upscaling', 'BackgroundRemoval', 'StyleTransfer', 'ContentModeration'))
);
create index ai_models_task_type_idx on app_public.ai_models (task_type);
create index ai_models_is_active_idx on app_public.ai_models (is_active);
create trigger _100_set_updated_at before update on app_public.ai_models
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.ai_models is
  'An AI model the platform can use, from an external provider or trained in-house.';
comment on column app_public.ai_models.id is 'Primary key.';
comment on column app_public.ai_models.name is 'Unique name of the model.';
comment on column app_public.ai_models.provider is 'Who provides the model, e.g. OpenAI, StabilityAI or an in-house team.';
comment on column app_public.ai_models.task_type is 'What the model does. One of: ImageGeneration, ImageEditing, TextGeneration, VideoGeneration, Upscaling, BackgroundRemoval, StyleTransfer, ContentModeration.';
comment on column app_public.ai_models.is_active is 'Whether the model may be used for new requests.';
comment on column app_public.ai_models.created_at is 'When the model was registered.';
comment on column app_public.ai_models.updated_at is 'When the row last changed; maintained by a trigger.';

create table app_public.ai_model_versions (
  id uuid not null default gen_random_uuid(),
  model_id uuid not null,
  version_number text not null,
  source_path text,
  status text not null default 'Staged',
  validation_result_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ai_model_versions_pkey primary key (id),
  constraint ai_model_versions_model_id_version_number_key unique (model_id, version_number),
  constraint ai_model_versions_version_number_char_length_check check (char_length(version_number) <= 50),
  constraint ai_model_versions_version_number_check check (btrim(version_number) <> ''),
  constraint ai_model_versions_source_path_char_length_check check (char_length(source_path) <= 1024),
  constraint ai_model_versions_status_char_length_check check (char_length(status) <= 50),
  constraint ai_model_versions_status_check check (status in ('Staged', 'Validating', 'Validated', 'ValidationFailed', 'Deployed', 'Deprecated', 'Archived')),
  constraint ai_model_versions_model_id_fkey foreign key (model_id)
    references app_public.ai_models (id) on delete restrict
  -- ai_model_versions_validation_result_id_fkey is added below, once ai_model_validation_results exists.
);
create index ai_model_versions_status_idx on app_public.ai_model_versions (status);
create index ai_model_versions_validation_result_id_idx on app_public.ai_model_versions (validation_result_id);
create trigger _100_set_updated_at before update on app_public.ai_model_versions
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.ai_model_versions is
  'A specific version of an AI model, moving from staging through validation to deployment. Columns added beyond the spec: source_path, because the spec''s logic text records where the version''s artifacts come from.';
comment on column app_public.ai_model_versions.id is 'Primary key.';
comment on column app_public.ai_model_versions.model_id is 'The model this is a version of.';
comment on column app_public.ai_model_versions.version_number is 'Version label, e.g. 1.2.0; non-empty and unique per model.';
comment on column app_public.ai_model_versions.source_path is 'Location of the version''s artifacts (weights, container image); null for versions served by an external provider.';
comment on column app_public.ai_model_versions.status is 'Lifecycle state. One of: Staged, Validating, Validated, ValidationFailed, Deployed, Deprecated, Archived.';
comment on column app_public.ai_model_versions.validation_result_id is 'The result of validating this version; null until validated.';
comment on column app_public.ai_model_versions.created_at is 'When the version was registered.';
comment on column app_public.ai_model_versions.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint ai_model_versions_model_id_version_number_key on app_public.ai_model_versions is 'Each version label occurs once per model.';
comment on constraint ai_model_versions_model_id_fkey on app_public.ai_model_versions is
  'Restrict: the model registry keeps its history; retire a model with is_active instead of deleting it and its versions.';

create table app_public.ai_model_validation_results (
  id uuid not null default gen_random_uuid(),
  model_version_id uuid not null,
  validation_timestamp timestamptz not null default now(),
  security_scan_status text not null,
  performance_check_status text not null default 'Pending',
  bias_check_status text not null default 'Pending',
  functional_check_status text not null default 'Pending',
  details jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ai_model_validation_results_pkey primary key (id),
  constraint ai_model_validation_results_model_version_id_key unique (model_version_id),
  -- Shortened from ..._char_length_check to fit the 63-byte identifier limit.
  constraint ai_model_validation_results_security_scan_status_char_len_check check (char_length(security_scan_status) <= 50),
  constraint ai_model_validation_results_security_scan_status_check check (security_scan_status in ('Pending', 'Passed', 'Failed', 'Skipped')),
  constraint ai_model_validation_results_performance_check_status_check check (performance_check_status in ('Pending', 'Passed', 'Failed', 'Skipped')),
  constraint ai_model_validation_results_bias_check_status_check check (bias_check_status in ('Pending', 'Passed', 'Failed', 'Skipped')),
  constraint ai_model_validation_results_functional_check_status_check check (functional_check_status in ('Pending', 'Passed', 'Failed', 'Skipped')),
  constraint ai_model_validation_results_model_version_id_fkey foreign key (model_version_id)
    references app_public.ai_model_versions (id) on delete cascade
);
create trigger _100_set_updated_at before update on app_public.ai_model_validation_results
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.ai_model_validation_results is
  'The outcome of validating one AI model version before it may be deployed. Columns added beyond the spec: performance_check_status, bias_check_status, functional_check_status and details, because the spec''s logic text records the status of the various validation checks, not only the security scan.';
comment on column app_public.ai_model_validation_results.id is 'Primary key.';
comment on column app_public.ai_model_validation_results.model_version_id is 'The validated model version; each version has at most one result.';
comment on column app_public.ai_model_validation_results.validation_timestamp is 'When the validation ran.';
comment on column app_public.ai_model_validation_results.security_scan_status is 'Outcome of the security scan. One of: Pending, Passed, Failed, Skipped.';
comment on column app_public.ai_model_validation_results.performance_check_status is 'Outcome of the performance benchmark. One of: Pending, Passed, Failed, Skipped.';
comment on column app_public.ai_model_validation_results.bias_check_status is 'Outcome of the bias and fairness check. One of: Pending, Passed, Failed, Skipped.';
comment on column app_public.ai_model_validation_results.functional_check_status is 'Outcome of the functional tests. One of: Pending, Passed, Failed, Skipped.';
comment on column app_public.ai_model_validation_results.details is 'Reports and metrics of the checks (JSON); optional.';
comment on column app_public.ai_model_validation_results.created_at is 'When the result was recorded.';
comment on column app_public.ai_model_validation_results.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint ai_model_validation_results_model_version_id_fkey on app_public.ai_model_validation_results is
  'Cascade: a validation result describes one version and is deleted with it.';

alter table app_public.ai_model_versions
  add constraint ai_model_versions_validation_result_id_fkey foreign key (validation_result_id)
    references app_public.ai_model_validation_results (id) on delete set null;
comment on constraint ai_model_versions_validation_result_id_fkey on app_public.ai_model_versions is
  'Set null: discarding a validation result returns the version to unvalidated rather than deleting it.';

create table app_public.ai_model_deployments (
  id uuid not null default gen_random_uuid(),
  model_version_id uuid not null,
  environment text not null,
  status text not null default 'Initiated',
  endpoint_url text,
  replicas integer,
  details jsonb,
  deployed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ai_model_deployments_pkey primary key (id),
  constraint ai_model_deployments_environment_char_length_check check (char_length(environment) <= 50),
  constraint ai_model_deployments_environment_check check (environment in ('Development', 'Staging', 'Production')),
  constraint ai_model_deployments_status_char_length_check check (char_length(status) <= 50),
  constraint ai_model_deployments_status_check check (status in ('Initiated', 'InProgress', 'Succeeded', 'Failed', 'RolledBack', 'Retired')),
  constraint ai_model_deployments_endpoint_url_char_length_check check (char_length(endpoint_url) <= 1024),
  constraint ai_model_deployments_replicas_check check (replicas >= 0),
  constraint ai_model_deployments_model_version_id_fkey foreign key (model_version_id)
    references app_public.ai_model_versions (id) on delete restrict
);
create index ai_model_deployments_model_version_id_idx on app_public.ai_model_deployments (model_version_id);
create index ai_model_deployments_environment_idx on app_public.ai_model_deployments (environment);
create index ai_model_deployments_status_idx on app_public.ai_model_deployments (status);
create trigger _100_set_updated_at before update on app_public.ai_model_deployments
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.ai_model_deployments is
  'A deployment of an AI model version to an environment. Columns added beyond the spec: endpoint_url, replicas, details and deployed_at, because the spec''s logic text records deployment details: where the version is served, at what scale, with which settings, and since when.';
comment on column app_public.ai_model_deployments.id is 'Primary key.';
comment on column app_public.ai_model_deployments.model_version_id is 'The deployed model version.';
comment on column app_public.ai_model_deployments.environment is 'Target environment. One of: Development, Staging, Production.';
comment on column app_public.ai_model_deployments.status is 'Progress of the deployment. One of: Initiated, InProgress, Succeeded, Failed, RolledBack, Retired.';
comment on column app_public.ai_model_deployments.endpoint_url is 'URL at which the deployed version serves requests; null until known.';
comment on column app_public.ai_model_deployments.replicas is 'Number of serving replicas; null until known, never negative.';
comment on column app_public.ai_model_deployments.details is 'Further deployment settings (JSON), e.g. hardware or traffic split; optional.';
comment on column app_public.ai_model_deployments.deployed_at is 'When the deployment went live; null until it has.';
comment on column app_public.ai_model_deployments.created_at is 'When the deployment was initiated.';
comment on column app_public.ai_model_deployments.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint ai_model_deployments_model_version_id_fkey on app_public.ai_model_deployments is
  'Restrict: a version that was deployed cannot be deleted; its deployment history is the audit trail of what served users.';

create table app_public.ai_model_feedback (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  generation_request_id uuid,
  model_version_id uuid,
  rating integer,
  comment text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ai_model_feedback_pkey primary key (id),
  constraint ai_model_feedback_rating_check check (rating between 1 and 5),
  constraint ai_model_feedback_content_check check (rating is not null or comment is not null),
  constraint ai_model_feedback_user_id_fkey foreign key (user_id)
    references app_public.users (id) on delete cascade,
  constraint ai_model_feedback_generation_request_id_fkey foreign key (generation_request_id)
    references app_public.generation_requests (id) on delete set null,
  constraint ai_model_feedback_model_version_id_fkey foreign key (model_version_id)
    references app_public.ai_model_versions (id) on delete set null
);
create index ai_model_feedback_user_id_idx on app_public.ai_model_feedback (user_id);
create index ai_model_feedback_generation_request_id_idx on app_public.ai_model_feedback (generation_request_id);
create index ai_model_feedback_model_version_id_idx on app_public.ai_model_feedback (model_version_id);
create trigger _100_set_updated_at before update on app_public.ai_model_feedback
  for each row execute function app_private.tg__set_updated_at();

comment on table app_public.ai_model_feedback is
  'A user''s rating or comment on output generated by an AI model version.';
comment on column app_public.ai_model_feedback.id is 'Primary key.';
comment on column app_public.ai_model_feedback.user_id is 'The user who gave the feedback.';
comment on column app_public.ai_model_feedback.generation_request_id is 'The generation request the feedback is about; optional.';
comment on column app_public.ai_model_feedback.model_version_id is 'The model version that produced the rated output; optional.';
comment on column app_public.ai_model_feedback.rating is 'Rating from 1 (worst) to 5 (best); optional when a comment is given.';
comment on column app_public.ai_model_feedback.comment is 'Free-text feedback; optional when a rating is given.';
comment on column app_public.ai_model_feedback.created_at is 'When the feedback was given.';
comment on column app_public.ai_model_feedback.updated_at is 'When the row last changed; maintained by a trigger.';
comment on constraint ai_model_feedback_user_id_fkey on app_public.ai_model_feedback is
  'Cascade: feedback is the user''s personal content and is deleted with the account.';
comment on constraint ai_model_feedback_generation_request_id_fkey on app_public.ai_model_feedback is
  'Set null: feedback stays useful for model evaluation after the request is deleted.';
comment on constraint ai_model_feedback_model_version_id_fkey on app_public.ai_model_feedback is
  'Set null: feedback stays as product feedback if an (undeployed) model version is deleted.';
