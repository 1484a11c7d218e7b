-- serves: routing a generation: the version of a model that currently serves an environment
-- params: $1 model id (uuid), $2 environment
-- sample: select id, 'Production' from app_public.ai_models where is_active order by name limit 1
select d.id, d.environment, d.status, d.replicas, d.deployed_at, v.id as model_version_id, v.version_number
from app_public.ai_model_deployments d
join app_public.ai_model_versions v on v.id = d.model_version_id
where v.model_id = $1 and d.environment = $2 and d.status = 'Succeeded'
order by d.deployed_at desc
limit 1
