-- serves: the billing page: one page of the signed-in user's credit ledger, newest first, by keyset (the created_at and id of the last row of the page before)
-- params: $1 created_at of the previous page's last row, $2 its id, $3 page size
-- sample: select created_at, id, 20 from app_public.credit_transactions order by created_at desc, id desc offset 19 limit 1
select id, amount, action_type, generation_request_id, api_client_id, created_at
from app_public.credit_transactions
where (created_at, id) < ($1::timestamptz, $2::uuid)
order by created_at desc, id desc
limit $3
