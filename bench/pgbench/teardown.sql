-- Removes what setup.sql and the scripts made (memberships and bans go with their rooms).
BEGIN;
DELETE FROM room WHERE name_key LIKE 'pgb%';
DELETE FROM room_membership WHERE account_id IN (SELECT id FROM account WHERE username_key LIKE 'pgbu%');
DELETE FROM account WHERE username_key LIKE 'pgbu%';
COMMIT;
