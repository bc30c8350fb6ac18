-- Removes what mail-setup.sql and the mail scripts made (their mail and receipts go with the accounts).
BEGIN;
DELETE FROM account WHERE username_key LIKE 'pgbm%';
COMMIT;
