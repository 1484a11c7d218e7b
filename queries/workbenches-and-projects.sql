-- serves: the home screen: the signed-in user's workbenches, each with its projects, most recently changed first
select w.id as workbench_id, w.name as workbench, p.id as project_id, p.name as project, p.updated_at
from app_public.workbenches w
left join app_public.projects p on p.workbench_id = w.id
order by w.name, w.id, p.updated_at desc
