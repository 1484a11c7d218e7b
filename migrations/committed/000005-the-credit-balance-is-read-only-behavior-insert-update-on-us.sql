--! Previous: sha1:4cbb24cb8f7fe2ba09d602eb657671664156c3bb
--! Hash: sha1:47f23a77bcbd5936d8110564e31b9954bb98cd5c
--! Message: The credit balance is read-only: @behavior -insert -update on users.credit_balance

-- The balance is not an input: the ledger trigger (000003) owns it, so the
-- @behavior smart tag tells PostGraphile and every generated type/validator
-- that it can be neither inserted nor updated.
comment on column app_public.users.credit_balance is E'@behavior -insert -update\nGeneration credits available to spend; never negative. It changes only through the ledger, credit_transactions.';
