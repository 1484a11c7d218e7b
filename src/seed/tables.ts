import { seedExpressions, type Expressions } from './expressions.ts';
import type { SeedPlan } from './plan.ts';
import type { SeedPools } from './pools.ts';

/**
 * The seed as set-based SQL: one statement per step, in dependency order,
 * each building its rows server-side from generate_series or from the rows of
 * the tables loaded before it. Every choice is a hash of --seed and the row's
 * key (src/seed/expressions.ts), so the same seed and anchor give the same rows.
 *
 * The rows obey what the schema and its policies expect of real data: a
 * team's owner is its Owner member; balances come only from ledger rows, and
 * every user's grants cover their charges (grants are loaded first, so the
 * balance never goes below zero on the way); a request's final asset is one
 * it produced; versions are numbered 1, 2, … per asset and per project; an
 * asset version's project is its asset's; templates and brand kits a project
 * uses are ones its owner may see; every user has a session valid after the
 * anchor; nothing happens before the user it belongs to signed up.
 */
export interface SeedStep {
  /** The table the step fills (or completes), for the progress line. */
  table: string;
  /** What it does, when the table has more than one step. */
  what?: string;
  sql: string;
  /**
   * For a statement that fills two tables at once (data-modifying CTEs, for
   * the two foreign-key cycles): the tables whose row counts its one result
   * row holds, in column order. Otherwise the statement's own row count.
   */
  counts?: string[];
}

/**
 * Tables whose rows are updated after they are inserted, so their updated_at is the load's time (set by their
 * trigger), not the seed's: the ledger trigger applies each credit transaction to its user's balance.
 */
export const updatedAfterInsert = ['app_public.users'] as const;

/** How far back the data reaches: two years of sign-ups. */
const SPAN = `interval '730 days'`;

const labs = 'CreativeFlow Labs';
/** The fixed AI model registry: name, provider, task type, active; three to a line, in id order. */
const models: ReadonlyArray<readonly [string, string, string, boolean]> = [
  ['Aurora Image XL', labs, 'ImageGeneration', true], ['Aurora Image Turbo', labs, 'ImageGeneration', true], ['Stable Diffusion 3.5 Large', 'StabilityAI', 'ImageGeneration', true],
  ['DALL·E 3', 'OpenAI', 'ImageGeneration', true], ['Inpaint Pro', labs, 'ImageEditing', true], ['GPT-4o mini captions', 'OpenAI', 'TextGeneration', true],
  ['Motion Loop 1', labs, 'VideoGeneration', true], ['Real-ESRGAN x4', labs, 'Upscaling', true], ['Cutout', labs, 'BackgroundRemoval', true],
  ['Brush Strokes', labs, 'StyleTransfer', true], ['Safety Screen', labs, 'ContentModeration', true], ['Aurora Image v1', labs, 'ImageGeneration', false],
];

const tiers = [['Free', 60], ['Pro', 25], ['Team', 10], ['Enterprise', 5]] as const;
/** Credits granted at sign-up per tier (a purchase tops up whoever spends more). */
const tierGrant = `case u.subscription_tier when 'Free' then 25 when 'Pro' then 500 when 'Team' then 2000 else 10000 end`;

const usageActions = [
  ['Login', 20], ['Logout', 9], ['ProjectCreated', 5], ['AssetUploaded', 10], ['AssetExported', 10], ['GenerationRequested', 20],
  ['GenerationCompleted', 16], ['TemplateUsed', 4], ['SocialPublish', 3], ['ApiCall', 3],
] as const;

const notificationTypes = [
  ['GenerationCompleted', 45], ['GenerationFailed', 6], ['CollaborationInvite', 8], ['TeamInvite', 5], ['SubscriptionUpdate', 6],
  ['PaymentFailed', 2], ['LowCredits', 8], ['SocialPublishResult', 12], ['System', 8],
] as const;

export function seedSteps(plan: SeedPlan, seed: number, anchor: Date, pools: SeedPools): SeedStep[] {
  const x = seedExpressions(seed, anchor, pools);
  return [
    ...registrySteps(x),
    ...identitySteps(x, plan),
    ...workspaceSteps(x),
    ...generationSteps(x),
    ...billingSteps(x),
    ...activitySteps(x, plan),
  ];
}

/** When user number i (1-based) signed up: the sign-up rate grows over the two years, and user 1 (alice) is the first. */
function userCreatedAt(x: Expressions, i: string, users: number): string {
  return `(${x.anchor} - ${SPAN} * (1 - sqrt((${i} - 1)::float8 / ${users})))`;
}

function registrySteps(x: Expressions): SeedStep[] {
  const rows = models.map(([name, provider, task, active], index) => `(${index + 1}, '${name}', '${provider}', '${task}', ${active})`).join(', ');
  const version = `${x.id('ai_model_versions', `m.id::text || ':' || v.n`)}`;
  return [
    {
      table: 'app_public.ai_models',
      sql: `insert into app_public.ai_models (id, name, provider, task_type, is_active, created_at, updated_at)
        select ${x.id('ai_models', 'm.n::text')}, m.name, m.provider, m.task, m.active, t.at, t.at
        from (values ${rows}) as m (n, name, provider, task, active)
        cross join lateral (select ${x.anchor} - ${SPAN} + interval '20 days' * m.n as at) as t`,
    },
    {
      // 1.0.0 superseded, 1.1.0 serving, 2.0.0-rc.1 being validated; an inactive model's versions are archived.
      // Versions and their validation results point at each other: one statement inserts both, and the
      // foreign keys are checked at its end, when both rows exist.
      table: 'app_public.ai_model_versions',
      counts: ['app_public.ai_model_versions', 'app_public.ai_model_validation_results'],
      sql: `with source as materialized (
          select ${version} as id, m.id as model_id, v.label, m.provider, m.name,
                 case when not m.is_active then 'Archived' else v.status end as status,
                 m.created_at + interval '90 days' * (v.n - 1) as created_at
          from app_public.ai_models m
          cross join (values (1, '1.0.0', 'Deprecated'), (2, '1.1.0', 'Deployed'), (3, '2.0.0-rc.1', 'Validating')) as v (n, label, status)
        ),
        versions as (
          insert into app_public.ai_model_versions (id, model_id, version_number, source_path, status, validation_result_id, created_at, updated_at)
          select s.id, s.model_id, s.label,
                 case when s.provider = '${labs}' then 's3://creativeflow-models/' || lower(replace(s.name, ' ', '-')) || '/' || s.label end,
                 s.status, ${x.id('ai_model_validation_results', 's.id::text')}, s.created_at, s.created_at
          from source s
          returning 1
        ),
        results as (
          insert into app_public.ai_model_validation_results
            (id, model_version_id, validation_timestamp, security_scan_status, performance_check_status, bias_check_status, functional_check_status, details, created_at, updated_at)
          select ${x.id('ai_model_validation_results', 's.id::text')}, s.id, s.created_at + interval '2 days', c.outcome, c.outcome, c.outcome, c.outcome,
                 case when c.outcome = 'Passed' then jsonb_build_object('latency_p95_ms', ${x.int('s.id::text', 'validation.latency', 300, 2400)}, 'toxicity_rate', 0.002) end,
                 s.created_at + interval '2 days', s.created_at + interval '2 days'
          from source s
          cross join lateral (select case when s.status = 'Validating' then 'Pending' else 'Passed' end as outcome) as c
          returning 1
        )
        select (select count(*) from versions) as versions, (select count(*) from results) as results`,
    },
    {
      table: 'app_public.ai_model_deployments',
      sql: `insert into app_public.ai_model_deployments (id, model_version_id, environment, status, endpoint_url, replicas, details, deployed_at, created_at, updated_at)
        select ${x.id('ai_model_deployments', `v.id::text || ':' || d.environment`)}, v.id, d.environment, d.status,
               'https://inference.creativeflow.internal/' || lower(d.environment) || '/' || v.id,
               case when d.status = 'Succeeded' then ${x.int('v.id::text', 'deployment.replicas', 2, 8)} else 0 end,
               jsonb_build_object('gpu', 'L4', 'traffic_percent', 100),
               v.created_at + interval '5 days', v.created_at + interval '4 days', v.created_at + interval '5 days'
        from app_public.ai_model_versions v
        cross join lateral (values ('Staging', case when v.status = 'Deployed' then 'Succeeded' else 'Retired' end),
                                   ('Production', case when v.status = 'Deployed' then 'Succeeded' else 'Retired' end)) as d (environment, status)
        where v.status in ('Deployed', 'Deprecated')`,
    },
  ];
}

function identitySteps(x: Expressions, plan: SeedPlan): SeedStep[] {
  const n = plan.users;
  const teams = Math.max(1, Math.round(n / 8));
  const user = (i: string): string => x.id('users', `(${i})::text`);
  const ownerIndex = (t: string): string => `case ${t} when 1 then 1 else 1 + floor(${x.u(`${t}::text`, 'teams.owner')} * ${n})::int end`;
  return [
    {
      table: 'app_public.users',
      sql: `insert into app_public.users (id, email, password_hash, social_provider, social_provider_id, is_email_verified, subscription_tier, created_at, updated_at)
        select ${user('g.i')},
               case g.i when 1 then 'alice@example.com' when 2 then 'bob@example.com'
                 else regexp_replace(lower(${x.pick('firstNames', 'k.k', 'users.first')} || '.' || ${x.pick('lastNames', 'k.k', 'users.last')}), '[^a-z0-9.]', '', 'g')
                      || g.i || '@' || ${x.weighted('k.k', 'users.domain', [['example.com', 6], ['example.net', 3], ['example.org', 1]])} end,
               case when s.provider is null then '$argon2id$v=19$m=65536,t=3,p=4$' || substr(md5(k.k || ':salt'), 1, 22) || '$' || md5(k.k || ':hash') end,
               s.provider, case when s.provider is not null then substr(md5(k.k || ':social'), 1, 21) end,
               g.i <= 2 or ${x.u('k.k', 'users.verified')} < 0.85,
               case g.i when 1 then 'Pro' when 2 then 'Team' else ${x.weighted('k.k', 'users.tier', tiers)} end,
               ${userCreatedAt(x, 'g.i', n)}, ${userCreatedAt(x, 'g.i', n)}
        from generate_series(1, ${n}) as g (i)
        cross join lateral (select g.i::text as k) as k
        cross join lateral (select case when g.i > 2 and ${x.u('k.k', 'users.social')} < 0.2
                                   then ${x.weighted('k.k', 'users.provider', [['Google', 6], ['Apple', 3], ['Facebook', 1]])} end as provider) as s
        order by g.i`,
    },
    {
      // Slot 1 is the current session (valid for 30 days after the anchor), slot 2 an older, expired one.
      table: 'app_public.sessions',
      sql: `insert into app_public.sessions (id, user_id, device_info, ip_address, last_activity, expires_at, created_at, updated_at)
        select ${x.id('sessions', 'k.k')}, u.id, ${x.pick('userAgents', 'k.k', 'sessions.agent')},
               case when ${x.u('k.k', 'sessions.v6')} < 0.2 then ('2001:db8::' || to_hex(${x.int('k.k', 'sessions.ip6', 1, 65535)}))::inet
                    else ('10.' || ${x.int('k.k', 'sessions.ip1', 0, 255)} || '.' || ${x.int('k.k', 'sessions.ip2', 0, 255)} || '.' || ${x.int('k.k', 'sessions.ip3', 1, 254)})::inet end,
               t.created_at + (t.expires_at - t.created_at) * 0.5 * ${x.u('k.k', 'sessions.active')}, t.expires_at, t.created_at, t.created_at
        from app_public.users u
        cross join generate_series(1, 2) as s (slot)
        cross join lateral (select u.id::text || ':' || s.slot as k) as k
        cross join lateral (
          select case s.slot when 1 then greatest(u.created_at, ${x.anchor} - interval '3 days' * ${x.u('k.k', 'sessions.recent')})
                              else ${x.timeAfter('u.created_at', 'k.k', 'sessions.old')} - interval '30 days' end as created_at,
                 case s.slot when 1 then ${x.anchor} + interval '30 days' end as fixed_expiry
        ) as c
        cross join lateral (select greatest(c.created_at, u.created_at) as created_at,
                                   coalesce(c.fixed_expiry, greatest(c.created_at, u.created_at) + interval '14 days') as expires_at) as t`,
    },
    {
      table: 'app_public.social_media_connections',
      sql: `insert into app_public.social_media_connections (id, user_id, platform, external_user_id, access_token, refresh_token, access_token_expires_at, created_at, updated_at)
        select ${x.id('social_media_connections', 'k.k')}, u.id, p.platform, substr(md5(k.k || ':external'), 1, 16),
               'enc:v1:' || md5(k.k || ':access') || md5(k.k || ':access2'),
               case when ${x.u('k.k', 'social.refresh')} < 0.7 then 'enc:v1:' || md5(k.k || ':refresh') end,
               ${x.anchor} + interval '60 days' * ${x.u('k.k', 'social.expiry')},
               t.at, t.at
        from app_public.users u
        cross join unnest(array['Instagram', 'Facebook', 'LinkedIn', 'Twitter', 'Pinterest', 'TikTok', 'YouTube']) as p (platform)
        cross join lateral (select u.id::text || ':' || p.platform as k) as k
        cross join lateral (select ${x.timeAfter('u.created_at', 'k.k', 'social.at', 2)} as at) as t
        where u.email = 'alice@example.com' and p.platform in ('Instagram', 'LinkedIn') or ${x.u('k.k', 'social.linked')} < 0.12`,
    },
    {
      table: 'app_public.api_clients',
      sql: `insert into app_public.api_clients (id, user_id, name, api_key, secret_hash, status, created_at, updated_at)
        select ${x.id('api_clients', 'k.k')}, u.id,
               ${x.weighted('k.k', 'api.name', [['Production', 3], ['Staging', 2], ['CI pipeline', 2], ['Zapier', 1], ['Mobile app', 1], ['Local development', 1]])},
               'cf_live_' || md5(k.k || ':key'), '$argon2id$v=19$m=65536,t=3,p=4$' || md5(k.k || ':secret'),
               ${x.weighted('k.k', 'api.status', [['Active', 85], ['Suspended', 5], ['Revoked', 10]])},
               t.at, t.at
        from app_public.users u
        cross join generate_series(1, 2) as s (slot)
        cross join lateral (select u.id::text || ':' || s.slot as k) as k
        cross join lateral (select ${x.timeAfter('u.created_at', 'k.k', 'api.at')} as at) as t
        where ${x.u('k.k', 'api.has')} < case when u.subscription_tier in ('Team', 'Enterprise') then 0.6 else 0.1 end / s.slot`,
    },
    {
      // Team 1 is alice's, with bob as an Editor; the rest belong to owners spread over the users.
      table: 'app_public.teams',
      sql: `insert into app_public.teams (id, name, owner_id, created_at, updated_at)
        select ${x.id('teams', 'k.k')}, case g.t when 1 then 'Acme Studio' else ${x.pick('companies', 'k.k', 'teams.name')} end,
               u.id, t.at, t.at
        from generate_series(1, ${teams}) as g (t)
        cross join lateral (select g.t::text as k) as k
        cross join lateral (select ${ownerIndex('g.t')} as i) as o
        join app_public.users u on u.id = ${user('o.i')}
        cross join lateral (select ${x.timeAfter('u.created_at', 'k.k', 'teams.at', 2)} as at) as t`,
    },
    {
      // The owner as Owner, then the next 1 to 6 users by number (mod the user count): distinct members per team.
      table: 'app_public.team_members',
      sql: `insert into app_public.team_members (id, team_id, user_id, role, created_at, updated_at)
        select ${x.id('team_members', 'k.k')}, t.id, u.id, r.role, r.at, r.at
        from generate_series(1, ${teams}) as g (t)
        cross join lateral (select ${ownerIndex('g.t')} as i) as o
        cross join lateral generate_series(0, least(${n - 1}, 1 + floor(${x.u('g.t::text', 'members.count')} * 6)::int)) as j (j)
        join app_public.teams t on t.id = ${x.id('teams', 'g.t::text')}
        join app_public.users u on u.id = ${user(`(o.i - 1 + j.j) % ${n} + 1`)}
        cross join lateral (select g.t || ':' || j.j as k) as k
        cross join lateral (
          select case when j.j = 0 then 'Owner' when g.t = 1 and j.j = 1 then 'Editor'
                      else ${x.weighted('k.k', 'members.role', [['Admin', 15], ['Editor', 50], ['Viewer', 35]])} end as role,
                 case when j.j = 0 then t.created_at else ${x.timeAfter('greatest(t.created_at, u.created_at)', 'k.k', 'members.at', 2)} end as at
        ) as r`,
    },
  ];
}

/** `n` colours from the pool as a jsonb array. */
function palette(x: Expressions, key: string, count: number): string {
  return `jsonb_build_array(${Array.from({ length: count }, (_, i) => x.pick('colors', key, `palette.${i}`)).join(', ')})`;
}

function workspaceSteps(x: Expressions): SeedStep[] {
  const fonts = `jsonb_build_array(jsonb_build_object('role', 'heading', 'family', ${x.pick('fonts', 'k.k', 'kits.heading')}), jsonb_build_object('role', 'body', 'family', ${x.pick('fonts', 'k.k', 'kits.body')}))`;
  const kitColumns = 'id, user_id, team_id, name, colors, fonts, logos, created_at, updated_at';
  return [
    {
      // Slot 1 every user's personal kit; slot 2 for some. Each team has one shared kit, made by its owner.
      table: 'app_public.brand_kits',
      sql: `insert into app_public.brand_kits (${kitColumns})
        select ${x.id('brand_kits', 'k.k')}, u.id, null, case s.slot when 1 then 'Personal' else ${x.pick('companies', 'k.k', 'kits.name')} end,
               ${palette(x, 'k.k', 4)}, ${fonts},
               case when ${x.u('k.k', 'kits.logo')} < 0.5 then jsonb_build_array(jsonb_build_object('url', 'https://cdn.creativeflow.example/logos/' || md5(k.k) || '.svg')) else '[]'::jsonb end,
               t.at, t.at
        from app_public.users u
        cross join generate_series(1, 2) as s (slot)
        cross join lateral (select u.id::text || ':' || s.slot as k) as k
        cross join lateral (select ${x.timeAfter('u.created_at', 'k.k', 'kits.at', 3)} as at) as t
        where s.slot = 1 or ${x.u('k.k', 'kits.second')} < 0.3
        union all
        select ${x.id('brand_kits', `'team:' || k.k`)}, tm.owner_id, tm.id, left(tm.name || ' brand', 100),
               ${palette(x, 'k.k', 5)}, ${fonts}, '[]'::jsonb, tm.created_at, tm.created_at
        from app_public.teams tm
        cross join lateral (select tm.id::text as k) as k`,
    },
    {
      // 1 to 4 per user; half use their personal kit by default.
      table: 'app_public.workbenches',
      sql: `insert into app_public.workbenches (id, user_id, name, default_brand_kit_id, created_at, updated_at)
        select ${x.id('workbenches', 'k.k')}, u.id, ${x.pick('workbenchNames', 'k.k', 'workbenches.name')},
               case when ${x.u('k.k', 'workbenches.kit')} < 0.5 then ${x.id('brand_kits', `u.id::text || ':1'`)} end,
               t.at, t.at
        from app_public.users u
        cross join generate_series(1, 4) as s (slot)
        cross join lateral (select u.id::text || ':' || s.slot as k) as k
        cross join lateral (select ${x.timeAfter('u.created_at', 'k.k', 'workbenches.at', 2)} as at) as t
        where s.slot = 1 or ${x.u('k.k', 'workbenches.more')} < 0.35`,
    },
    {
      // 40 public system templates (no owner), and some users' own, public or private; alice has a public one.
      table: 'app_public.templates',
      sql: `insert into app_public.templates (id, user_id, name, category, preview_url, source_data, tags, is_public, created_at, updated_at)
        select ${x.id('templates', `'system:' || g.i`)}, null, initcap(${x.pick('templateNames', 'g.i::text', 'templates.name')}),
               ${x.weighted('g.i::text', 'templates.category', [['Social Post', 5], ['Story', 3], ['Banner', 2], ['Presentation', 1], ['Flyer', 2], ['Thumbnail', 2], ['Poster', 1]])},
               'https://cdn.creativeflow.example/templates/system-' || g.i || '.png',
               jsonb_build_object('width', 1080, 'height', 1080, 'layers', ${x.int('g.i::text', 'templates.layers', 2, 9)}),
               jsonb_build_array('system', ${x.pick('assetWords', 'g.i::text', 'templates.tag')}), true,
               ${x.anchor} - ${SPAN} + interval '7 days' * g.i, ${x.anchor} - ${SPAN} + interval '7 days' * g.i
        from generate_series(1, 40) as g (i)
        union all
        select ${x.id('templates', 'k.k')}, u.id,
               case when u.email = 'alice@example.com' then 'Alice''s launch kit' else initcap(${x.pick('templateNames', 'k.k', 'templates.name')}) end,
               ${x.weighted('k.k', 'templates.category', [['Social Post', 5], ['Story', 3], ['Banner', 2], ['Flyer', 2]])},
               'https://cdn.creativeflow.example/templates/' || md5(k.k) || '.png',
               jsonb_build_object('width', 1080, 'height', 1350, 'layers', ${x.int('k.k', 'templates.layers', 2, 9)}), null,
               u.email = 'alice@example.com' or ${x.u('k.k', 'templates.public')} < 0.5, t.at, t.at
        from app_public.users u
        cross join lateral (select u.id::text as k) as k
        cross join lateral (select ${x.timeAfter('u.created_at', 'k.k', 'templates.at', 2)} as at) as t
        where u.email = 'alice@example.com' or ${x.u('k.k', 'templates.has')} < 0.1`,
    },
    {
      // 1 to 6 per workbench, the first always; some start from a (public) system template or use the workbench's kit.
      table: 'app_public.projects',
      sql: `insert into app_public.projects (id, workbench_id, user_id, name, template_id, brand_kit_id, collaboration_state, created_at, updated_at)
        select ${x.id('projects', 'k.k')}, w.id, w.user_id, initcap(${x.pick('projectNames', 'k.k', 'projects.name')}),
               case when ${x.u('k.k', 'projects.template')} < 0.3 then ${x.id('templates', `'system:' || ${x.int('k.k', 'projects.which', 1, 40)}`)} end,
               case when ${x.u('k.k', 'projects.kit')} < 0.6 then w.default_brand_kit_id end,
               case when ${x.u('k.k', 'projects.collab')} < 0.2 then jsonb_build_object('revision', ${x.int('k.k', 'projects.revision', 1, 400)}, 'cursors', '[]'::jsonb) end,
               t.at, t.at
        from app_public.workbenches w
        cross join generate_series(1, 6) as s (slot)
        cross join lateral (select w.id::text || ':' || s.slot as k) as k
        cross join lateral (select ${x.timeAfter('w.created_at', 'k.k', 'projects.at', 1.5)} as at) as t
        where s.slot = 1 or ${x.u('k.k', 'projects.more')} < (array[1, 0.8, 0.6, 0.4, 0.25, 0.15])[s.slot]`,
    },
  ];
}

function generationSteps(x: Expressions): SeedStep[] {
  const fileOf = (user: string, id: string, extension: string): string => `'s3://creativeflow-assets/' || ${user} || '/' || ${id} || ${extension}`;
  const assetColumns = 'id, project_id, user_id, generation_request_id, name, type, file_path, mime_type, size_bytes, metadata, created_at, updated_at';
  return [
    {
      // 1 to 8 per project (about 3). Requests of the last day are still in the queue; older ones have finished.
      // A completed request's final asset is the image it produced, and that asset names the request: one
      // statement inserts both, so the two foreign keys are checked when both rows exist.
      table: 'app_public.generation_requests',
      what: 'and their generated assets',
      counts: ['app_public.generation_requests', 'app_public.assets'],
      sql: `with source as materialized (
          select ${x.id('generation_requests', 'k.k')} as id, p.user_id, p.id as project_id, k.k, t.at,
                 case when t.at > ${x.anchor} - interval '1 day'
                      then ${x.weighted('k.k', 'requests.queued', [['Pending', 30], ['ProcessingSamples', 20], ['AwaitingSelection', 30], ['ProcessingFinal', 10], ['Completed', 10]])}
                      else ${x.weighted('k.k', 'requests.done', [['Completed', 85], ['Failed', 8], ['Cancelled', 5], ['AwaitingSelection', 2]])} end as status,
                 ${x.id('assets', `'generated:' || k.k`)} as asset_id,
                 ${x.weighted('k.k', 'assets.format', [['image/png', 7], ['image/webp', 3]])} as mime
          from app_public.projects p
          cross join generate_series(1, 8) as s (slot)
          cross join lateral (select p.id::text || ':' || s.slot as k) as k
          cross join lateral (select ${x.timeAfter('p.created_at', 'k.k', 'requests.at', 0.8)} as at) as t
          where ${x.u('k.k', 'requests.has')} < (array[0.85, 0.7, 0.5, 0.35, 0.25, 0.15, 0.1, 0.05])[s.slot]
        ),
        requests as (
          insert into app_public.generation_requests (id, user_id, project_id, input_prompt, status, final_asset_id, created_at, updated_at)
          select r.id, r.user_id, r.project_id,
                 'A ' || ${x.pick('promptSubjects', 'r.k', 'requests.subject')} || ' ' || ${x.pick('promptStyles', 'r.k', 'requests.style')},
                 r.status, case when r.status = 'Completed' then r.asset_id end, r.at, r.at
          from source r
          returning 1
        ),
        generated as (
          insert into app_public.assets (${assetColumns})
          select r.asset_id, r.project_id, r.user_id, r.id, left(initcap(${x.pick('assetWords', 'r.k', 'assets.name')}) || ' ' || substr(md5(r.k), 1, 6) || e.extension, 255),
                 'AIGenerated', ${fileOf('r.user_id', 'r.asset_id', 'e.extension')}, r.mime,
                 ${x.int('r.k', 'assets.size', 300_000, 6_000_000)}, jsonb_build_object('width', 1024, 'height', 1024), d.at, d.at
          from source r
          cross join lateral (select case r.mime when 'image/png' then '.png' else '.webp' end as extension) as e
          cross join lateral (select r.at + interval '30 seconds' + interval '5 minutes' * ${x.u('r.k', 'assets.render')} as at) as d
          where r.status = 'Completed'
          returning 1
        )
        select (select count(*) from requests) as requests, (select count(*) from generated) as assets`,
    },
    {
      // 0 to 3 per project.
      table: 'app_public.assets',
      what: 'uploaded',
      sql: `insert into app_public.assets (${assetColumns})
        select m.id, p.id, p.user_id, null, left(initcap(${x.pick('assetWords', 'k.k', 'assets.name')}) || m.extension, 255),
               'Uploaded', ${fileOf('p.user_id', 'm.id', 'm.extension')}, m.mime,
               ${x.int('k.k', 'assets.size', 20_000, 25_000_000)}, null, t.at, t.at
        from app_public.projects p
        cross join generate_series(1, 3) as s (slot)
        cross join lateral (select p.id::text || ':' || s.slot as k) as k
        cross join lateral (select ${x.id('assets', `'uploaded:' || k.k`)} as id, f.mime, f.extension
                            from (values ('image/jpeg', '.jpg'), ('image/png', '.png'), ('image/svg+xml', '.svg'), ('video/mp4', '.mp4'), ('application/pdf', '.pdf')) as f (mime, extension)
                            where f.mime = ${x.weighted('k.k', 'assets.kind', [['image/jpeg', 5], ['image/png', 2], ['image/svg+xml', 1], ['video/mp4', 1], ['application/pdf', 1]])}) as m
        cross join lateral (select ${x.timeAfter('p.created_at', 'k.k', 'assets.at', 1.5)} as at) as t
        where ${x.u('k.k', 'assets.has')} < (array[0.6, 0.3, 0.1])[s.slot]`,
    },
    {
      // A tenth of the generated images get a derived copy (a crop or resize) in the same project.
      table: 'app_public.assets',
      what: 'derived',
      sql: `insert into app_public.assets (${assetColumns})
        select ${x.id('assets', `'derived:' || a.id`)}, a.project_id, a.user_id, null, left('Resized ' || a.name, 255), 'Derived',
               replace(a.file_path, a.id::text, a.id::text || '-1080x1350'), a.mime_type, a.size_bytes / 2,
               jsonb_build_object('width', 1080, 'height', 1350, 'derived_from', a.id), t.at, t.at
        from app_public.assets a
        cross join lateral (select ${x.timeAfter('a.created_at', 'a.id::text', 'derived.at', 3)} as at) as t
        where a.type = 'AIGenerated' and ${x.u('a.id::text', 'derived.has')} < 0.1`,
    },
    {
      // Versions 1…k of an asset edited after it was made (k = 0 to 3, about 0.75), in the asset's project,
      // and 0 to 3 saved versions of each project.
      table: 'app_public.asset_versions',
      sql: `insert into app_public.asset_versions (id, asset_id, project_id, version_number, file_path, snapshot, created_at, updated_at)
        select ${x.id('asset_versions', `a.id::text || ':' || v.n`)}, a.id, a.project_id, v.n,
               case v.n when 1 then a.file_path else a.file_path || '?v=' || v.n end, null,
               a.created_at + interval '2 hours' * (v.n - 1), a.created_at + interval '2 hours' * (v.n - 1)
        from app_public.assets a
        cross join lateral generate_series(1, (${x.u('a.id::text', 'versions.first')} < 0.5)::int + (${x.u('a.id::text', 'versions.second')} < 0.2)::int + (${x.u('a.id::text', 'versions.third')} < 0.05)::int) as v (n)
        union all
        select ${x.id('asset_versions', `'project:' || p.id || ':' || v.n`)}, null, p.id, v.n, null,
               jsonb_build_object('revision', v.n, 'layers', ${x.int(`p.id::text || v.n`, 'versions.layers', 1, 12)}),
               p.created_at + interval '1 day' * v.n, p.created_at + interval '1 day' * v.n
        from app_public.projects p
        cross join lateral generate_series(1, ${x.int('p.id::text', 'versions.project', 0, 3)}) as v (n)`,
    },
  ];
}

function billingSteps(x: Expressions): SeedStep[] {
  const ledgerColumns = 'id, user_id, generation_request_id, api_client_id, amount, action_type, created_at, updated_at';
  return [
    {
      table: 'app_public.subscriptions',
      sql: `insert into app_public.subscriptions (id, user_id, odoo_sale_order_id, plan_id, status, current_period_start, current_period_end, created_at, updated_at)
        select ${x.id('subscriptions', 'k.k')}, u.id, 'SO' || upper(substr(md5(k.k || ':odoo'), 1, 12)),
               lower(u.subscription_tier) || '-' || p.period, ${x.weighted('k.k', 'subscriptions.status', [['Active', 85], ['Trialing', 5], ['PastDue', 4], ['Cancelled', 6]])},
               p.starts, p.starts + p.length, u.created_at, u.created_at
        from app_public.users u
        cross join lateral (select u.id::text as k) as k
        cross join lateral (select ${x.u('k.k', 'subscriptions.annual')} < 0.3 as annual) as a
        cross join lateral (select case when a.annual then 'annual' else 'monthly' end as period,
                                   case when a.annual then interval '365 days' else interval '30 days' end as length,
                                   greatest(u.created_at, ${x.anchor} - case when a.annual then interval '365 days' else interval '30 days' end * ${x.u('k.k', 'subscriptions.start')}) as starts) as p
        where u.subscription_tier <> 'Free'`,
    },
    {
      // Charges and refunds first into a staging table, so the grants below can be sized to cover them.
      table: 'seed_charges',
      what: 'charges and refunds, staged',
      sql: `insert into seed_charges (id, user_id, generation_request_id, api_client_id, amount, action_type, created_at)
        select ${x.id('credit_transactions', `'charge:' || r.id`)}, r.user_id, r.id, null::uuid, -c.cost, 'GenerationCharge', r.created_at + interval '1 second'
        from app_public.generation_requests r
        cross join lateral (select ${x.int('r.id::text', 'ledger.cost', 1, 4)} as cost) as c
        union all
        select ${x.id('credit_transactions', `'refund:' || r.id`)}, r.user_id, r.id, null, c.cost, 'Refund', r.created_at + interval '10 minutes'
        from app_public.generation_requests r
        cross join lateral (select ${x.int('r.id::text', 'ledger.cost', 1, 4)} as cost) as c
        where r.status in ('Failed', 'Cancelled')
        union all
        select ${x.id('credit_transactions', `'api:' || a.id || ':' || g.n`)}, a.user_id, null::uuid, a.id, -0.25 * ${x.int(`a.id::text || g.n`, 'ledger.calls', 1, 8)}, 'ApiCharge',
               ${x.timeAfter('a.created_at', `a.id::text || g.n`, 'ledger.api.at')}
        from app_public.api_clients a
        cross join lateral generate_series(1, ${x.int('a.id::text', 'ledger.api.count', 0, 20)}) as g (n)`,
    },
    {
      // The sign-up grant of the user's tier, and a purchase that covers whatever they spend beyond it.
      table: 'app_public.credit_transactions',
      what: 'grants',
      sql: `insert into app_public.credit_transactions (${ledgerColumns})
        select ${x.id('credit_transactions', `'grant:' || u.id`)}, u.id, null::uuid, null::uuid, ${tierGrant}, 'SubscriptionGrant', u.created_at, u.created_at
        from app_public.users u
        union all
        select ${x.id('credit_transactions', `'purchase:' || u.id`)}, u.id, null, null,
               ceil((s.spent - ${tierGrant}) / 100) * 100 + 100, 'Purchase', u.created_at + interval '1 minute', u.created_at + interval '1 minute'
        from app_public.users u
        join (select user_id, -sum(amount) filter (where amount < 0) as spent from seed_charges group by user_id) as s on s.user_id = u.id
        where s.spent > ${tierGrant}`,
    },
    {
      table: 'app_public.credit_transactions',
      what: 'charges and refunds',
      sql: `insert into app_public.credit_transactions (${ledgerColumns})
        select id, user_id, generation_request_id, api_client_id, amount, action_type, created_at, created_at
        from seed_charges order by created_at, id`,
    },
  ];
}

function activitySteps(x: Expressions, plan: SeedPlan): SeedStep[] {
  const { usageLogs: logs, users: n } = plan;
  // Row g happens at fraction f = (g/logs)^(1/3) of the two years (activity grows with the user base),
  // by one of the users signed up by then: userCreatedAt(i) <= that time exactly when (i - 1) / n <= f².
  const message = (type: string): string =>
    `case ${type}
       when 'GenerationCompleted' then 'Your generation for "' || ${x.pick('projectNames', 'k.k', 'notifications.project')} || '" is ready.'
       when 'GenerationFailed' then 'A generation for "' || ${x.pick('projectNames', 'k.k', 'notifications.project')} || '" failed; your credits were refunded.'
       when 'CollaborationInvite' then ${x.pick('firstNames', 'k.k', 'notifications.who')} || ' invited you to collaborate on a project.'
       when 'TeamInvite' then ${x.pick('firstNames', 'k.k', 'notifications.who')} || ' invited you to join ' || ${x.pick('companies', 'k.k', 'notifications.team')} || '.'
       when 'SubscriptionUpdate' then 'Your subscription renews on ' || to_char(${x.anchor} + interval '12 days', 'FMMonth FMDD') || '.'
       when 'PaymentFailed' then 'We could not charge your card; update your payment method to keep your plan.'
       when 'LowCredits' then 'You have fewer than 20 credits left.'
       when 'SocialPublishResult' then 'Your post was published to ' || ${x.weighted('k.k', 'notifications.platform', [['Instagram', 5], ['LinkedIn', 3], ['TikTok', 2]])} || '.'
       else 'CreativeFlow will be briefly unavailable for maintenance on Sunday at 02:00 UTC.' end`;
  return [
    {
      // About 20 per user, most of them recent; older than a week is nearly always read.
      table: 'app_public.notifications',
      sql: `insert into app_public.notifications (id, user_id, type, message, is_read, created_at, updated_at)
        select ${x.id('notifications', 'k.k')}, u.id, t.type, ${message('t.type')},
               ${x.u('k.k', 'notifications.read')} < case when t.at < ${x.anchor} - interval '7 days' then 0.97 else 0.4 end, t.at, t.at
        from app_public.users u
        cross join generate_series(1, 40) as s (slot)
        cross join lateral (select u.id::text || ':' || s.slot as k) as k
        cross join lateral (select ${x.timeAfter('u.created_at', 'k.k', 'notifications.at', 0.5)} as at,
                                   ${x.weighted('k.k', 'notifications.type', notificationTypes)} as type) as t
        where ${x.u('k.k', 'notifications.has')} < 0.5`,
    },
    {
      // In time order, so the identity ids follow the timestamps as a live log's do.
      table: 'app_public.usage_logs',
      sql: `insert into app_public.usage_logs (user_id, action_type, details, "timestamp", created_at, updated_at)
        select ${x.id('users', 'w.i::text')}, w.action,
               case w.action when 'Login' then jsonb_build_object('client', ${x.weighted('k.k', 'usage.client', [['web', 6], ['ios', 2], ['android', 2]])})
                             when 'ApiCall' then jsonb_build_object('endpoint', '/v1/generations') end,
               w.at, w.at, w.at
        from generate_series(1, ${logs}) as g (g)
        cross join lateral (select g.g::text as k, power(g.g::float8 / ${logs}, 1.0 / 3) as f) as k
        cross join lateral (select 1 + floor(power(${x.u('k.k', 'usage.user')}, 1.5) * least(${n}, floor(${n} * k.f * k.f) + 1))::int as i,
                                   ${x.weighted('k.k', 'usage.action', usageActions)} as action) as c
        cross join lateral (select c.i, c.action, greatest(${x.anchor} - ${SPAN} * (1 - k.f), ${userCreatedAt(x, 'c.i', n)}) as at) as w
        order by g.g`,
    },
    {
      // Feedback on about 8% of finished generations, about the serving version of an image model.
      table: 'app_public.ai_model_feedback',
      sql: `insert into app_public.ai_model_feedback (id, user_id, generation_request_id, model_version_id, rating, comment, created_at, updated_at)
        select ${x.id('ai_model_feedback', 'k.k')}, r.user_id, r.id,
               ${x.id('ai_model_versions', `${x.id('ai_models', `${x.int('k.k', 'feedback.model', 1, 4)}::text`)}::text || ':2'`)},
               ${x.weighted('k.k', 'feedback.rating', [['5', 40], ['4', 30], ['3', 15], ['2', 8], ['1', 7]])}::int,
               case when ${x.u('k.k', 'feedback.comment')} < 0.4 then ${x.pick('feedbackComments', 'k.k', 'feedback.text')} end,
               r.created_at + interval '1 hour', r.created_at + interval '1 hour'
        from app_public.generation_requests r
        cross join lateral (select r.id::text as k) as k
        where r.status = 'Completed' and ${x.u('k.k', 'feedback.has')} < 0.08`,
    },
  ];
}
