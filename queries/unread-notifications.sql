-- serves: the bell: the signed-in user's unread notifications, newest first
-- params: $1 how many
-- sample: select 20
select id, type, message, created_at
from app_public.notifications
where not is_read
order by created_at desc
limit $1
