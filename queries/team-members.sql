-- serves: a team's page: its members with their role and e-mail, in the order they joined
-- params: $1 team id (uuid)
-- sample: select id from app_public.teams order by created_at limit 1
select m.id, m.user_id, m.role, app_public.team_members_user_email(m) as email, m.created_at
from app_public.team_members m
where m.team_id = $1
order by m.created_at, m.id
