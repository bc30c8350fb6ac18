-- Rows for the room pgbench scripts, in the registry's schema (run against the registry's database
-- while the registry is stopped or idle; teardown.sql removes them). Mirrors what `room-ops` builds:
-- 40 accounts (pgbu0..pgbu39), 16 rooms (pgbr0..pgbr15) hosted by pgbu0..pgbu7 that the others
-- join and leave, and 3,500 more rooms (pgbf0..) each with its host, about as many as ROOM_LIST
-- finds after `room-ops ... 100 30`.
BEGIN;
INSERT INTO account (username, username_key, password_hash, identity_key, created_at)
SELECT 'pgbu' || i, 'pgbu' || i, '$argon2id$v=19$m=19456,t=2,p=1$notarealhash$notarealhash', NULL, now()
FROM generate_series(0, 39) AS i;
INSERT INTO room (name, name_key, description, password_hash, capacity, host_id, invite_only, created_at)
SELECT 'pgbr' || i, 'pgbr' || i, NULL, NULL, 500, (SELECT id FROM account WHERE username_key = 'pgbu' || (i % 8)), false, now()
FROM generate_series(0, 15) AS i;
INSERT INTO room (name, name_key, description, password_hash, capacity, host_id, invite_only, created_at)
SELECT 'pgbf' || i, 'pgbf' || i, NULL, NULL, 50, (SELECT id FROM account WHERE username_key = 'pgbu' || (i % 40)), false, now()
FROM generate_series(0, 3499) AS i;
INSERT INTO room_membership (room_id, account_id, role, joined_at)
SELECT r.id, r.host_id, 'host', now() FROM room r WHERE r.name_key LIKE 'pgb%';
COMMIT;
ANALYZE account;
ANALYZE room;
ANALYZE room_membership;
ANALYZE room_ban;
