--! Previous: sha1:7718ce6ddb0688dee5f506bead21c5bf7b4e6e46
--! Hash: sha1:4cbb24cb8f7fe2ba09d602eb657671664156c3bb
--! Message: Indexes for the hot-query catalog: ledger by user and time, unread notifications, queue by user and status, usage by user and time, BRIN on usage time; low-cardinality single-column indexes dropped

--
-- Indexes for the hot-query catalog (queries/*.sql, issue #11). Each query
-- runs as the visitor, so row-level security adds `user_id = <the visitor>`
-- and the index that serves it leads with user_id. Measured at the 1M scale
-- (1,000,000 usage logs) before and after this migration: docs/benchmarks.md,
-- "Indexes of migration 000004" (npm run bench:queries -- --compare current).
--
-- Added:
--   * credit_transactions (user_id, created_at, id): a page of the ledger,
--     newest first, by keyset (ledger-page); replaces the user_id index, its
--     prefix, which still serves credit_transactions_user_id_fkey through it;
--   * notifications (user_id, created_at) where not is_read: the unread ones
--     (unread-notifications), without the read ones that are most of the table;
--   * generation_requests (user_id, status, created_at): the queue by status
--     and the counts per status (generation-queue, generation-status-counts),
--     answered from the index; replaces the user_id index (its prefix);
--   * usage_logs (user_id, "timestamp"): usage in the last 30 days
--     (usage-last-30-days); replaces the user_id index (its prefix);
--   * usage_logs BRIN on "timestamp" instead of the btree: the log is written
--     in time order, so block ranges follow time and a range of a few pages
--     per 128 blocks does what the btree did for jobs that scan by time
--     (retention, analytics) at a fraction of its size and insert cost.
--
-- Dropped, single-column indexes on low-cardinality columns that no query
-- uses (a value set of 2 to 8 values: each would return a large share of its
-- table, where a sequential scan is cheaper, and every insert pays for them):
-- users.subscription_tier, team_members.role, notifications.is_read,
-- generation_requests.status, subscriptions.status,
-- credit_transactions.action_type, usage_logs.action_type,
-- ai_models.task_type, ai_models.is_active, ai_model_versions.status,
-- ai_model_deployments.environment, ai_model_deployments.status.
--
-- Measured (npm run bench:queries -- --compare current, 2026-12-02, 1M scale,
-- PostgreSQL 18.4; the machine was shared, load average 19 to 26, so the
-- timings are indicative and docs/benchmarks.md has the re-measurable run):
--   * unread-notifications: a bitmap scan of notifications_user_id_idx and a
--     filter on is_read became an index scan of the partial index;
--     p50 3.05 -> 0.61 ms, p95 26.5 -> 11.0 ms;
--   * generation-queue: bitmap scan -> index scan in created_at order, no sort;
--     p95 25.4 -> 9.9 ms; generation-status-counts: bitmap heap scan -> index
--     only scan (buffers 26 -> 7 for alice at the small scale);
--   * usage-last-30-days: p50 4.07 -> 1.33 ms, p95 27.8 -> 20.0 ms;
--   * the other catalog queries keep their plans (no query used a dropped index);
--   * sizes at 1M: dropped 45.8 MB of indexes (usage_logs_timestamp_idx 21.4,
--     usage_logs_user_id_idx 9.0, usage_logs_action_type_idx 6.2,
--     credit_transactions_user_id_idx 2.5, ..._action_type_idx 1.6,
--     generation_requests_user_id_idx 2.1, ..._status_idx 1.2,
--     notifications_is_read_idx 1.3, the rest under 0.5), created 65.0 MB
--     (usage_logs_user_id_timestamp_idx 38.8, credit_transactions_user_id_created_at_idx 14.4,
--     generation_requests_user_id_status_created_at_idx 10.9,
--     notifications_user_id_unread_idx 0.9, usage_logs_timestamp_brin_idx 0.02).
--
-- Not CONCURRENTLY: graphile-migrate runs a migration in one transaction, and
-- CREATE or DROP INDEX CONCURRENTLY cannot run inside one. On a busy
-- production database, build each new index beforehand with CONCURRENTLY
-- (one `--! no-transaction` migration per statement, as docs/workflow.md
-- says); here the `if not exists` / `if exists` forms then find the work done.
-- squawk's require-concurrent-index-* rules are silenced per statement for
-- that reason.
--
-- Re-runnable: every index is created `if not exists` and dropped `if exists`.
--

-- squawk-ignore require-concurrent-index-creation: graphile-migrate runs this file in one transaction (see the header).
create index if not exists credit_transactions_user_id_created_at_idx on app_public.credit_transactions (user_id, created_at, id);
comment on index app_public.credit_transactions_user_id_created_at_idx is
  'A user''s ledger in time order: the keyset pages of the billing page (queries/ledger-page.sql); also the index of credit_transactions_user_id_fkey.';
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.credit_transactions_user_id_idx;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.credit_transactions_action_type_idx;

-- squawk-ignore require-concurrent-index-creation: as above.
create index if not exists notifications_user_id_unread_idx on app_public.notifications (user_id, created_at) where not is_read;
comment on index app_public.notifications_user_id_unread_idx is
  'A user''s unread notifications, newest last (queries/unread-notifications.sql); read ones, most of the table, are not in it.';
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.notifications_is_read_idx;

-- squawk-ignore require-concurrent-index-creation: as above.
create index if not exists generation_requests_user_id_status_created_at_idx on app_public.generation_requests (user_id, status, created_at);
comment on index app_public.generation_requests_user_id_status_created_at_idx is
  'A user''s generation queue by status, oldest first, and the counts per status (queries/generation-queue.sql, generation-status-counts.sql); also the index of generation_requests_user_id_fkey.';
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.generation_requests_user_id_idx;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.generation_requests_status_idx;

-- squawk-ignore require-concurrent-index-creation: as above.
create index if not exists usage_logs_user_id_timestamp_idx on app_public.usage_logs (user_id, "timestamp");
comment on index app_public.usage_logs_user_id_timestamp_idx is
  'A user''s actions over a time range (queries/usage-last-30-days.sql); also the index of usage_logs_user_id_fkey.';
-- squawk-ignore require-concurrent-index-creation: as above.
create index if not exists usage_logs_timestamp_brin_idx on app_public.usage_logs using brin ("timestamp");
comment on index app_public.usage_logs_timestamp_brin_idx is
  'Time ranges over every user (retention, analytics): the log is appended in time order, so a block-range index is enough.';
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.usage_logs_user_id_idx;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.usage_logs_timestamp_idx;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.usage_logs_action_type_idx;

-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.users_subscription_tier_idx;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.team_members_role_idx;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.subscriptions_status_idx;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.ai_models_task_type_idx;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.ai_models_is_active_idx;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.ai_model_versions_status_idx;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.ai_model_deployments_environment_idx;
-- squawk-ignore require-concurrent-index-deletion: as above.
drop index if exists app_public.ai_model_deployments_status_idx;
