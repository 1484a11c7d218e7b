-- serves: a project's asset library: its assets, newest first, each with its latest version
-- params: $1 project id (uuid), $2 page size
-- sample: select id, 50 from app_public.projects order by updated_at desc limit 1
select a.id, a.name, a.type, a.mime_type, a.created_at,
       v.version_number as latest_version, coalesce(v.file_path, a.file_path) as file_path
from app_public.assets a
left join lateral (
  select v.version_number, v.file_path
  from app_public.asset_versions v
  where v.asset_id = a.id
  order by v.version_number desc
  limit 1
) as v on true
where a.project_id = $1
order by a.created_at desc
limit $2
