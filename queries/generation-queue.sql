-- serves: the generation queue: the signed-in user's requests in one status, oldest first (what is waiting longest)
-- params: $1 status, $2 how many
-- sample: select 'AwaitingSelection', 50
select id, project_id, status, input_prompt, created_at
from app_public.generation_requests
where status = $1
order by created_at
limit $2
