-- serves: the queue's tabs: how many of the signed-in user's requests are in each status
select status, count(*) as requests
from app_public.generation_requests
group by status
order by status
