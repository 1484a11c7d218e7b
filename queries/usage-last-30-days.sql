-- serves: the usage chart: the signed-in user's actions per day and kind over the last 30 days
select date_trunc('day', "timestamp") as day, action_type, count(*) as actions
from app_public.usage_logs
where "timestamp" >= now() - interval '30 days'
group by 1, 2
order by 1, 2
