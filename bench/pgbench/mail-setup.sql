-- Rows for the mail pgbench scripts, in the registry's schema (run against the registry's database
-- while the registry is stopped or idle; mail-teardown.sql removes them). Mirrors what `mail`
-- builds: 20 senders (pgbms0..pgbms19) and 20 recipients (pgbmr0..pgbmr19), each with an identity
-- key. Each mailbox starts with 50 messages, so that a fetch always finds one (pgbench's rate is
-- Poisson, so the 20 mailboxes do not drain evenly).
BEGIN;
INSERT INTO account (username, username_key, password_hash, identity_key, created_at)
SELECT 'pgbm' || k || i, 'pgbm' || k || i, '$argon2id$v=19$m=19456,t=2,p=1$notarealhash$notarealhash',
       'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE' || repeat('A', 88) || '==', now()
FROM generate_series(0, 19) AS i, (VALUES ('s'), ('r')) AS kind(k);
INSERT INTO mail (recipient_id, sender_id, message_id, hpke_key, sealed, signature, size_bytes, deposited_at, expires_at)
SELECT r.id, s.id, 'pgb-prefill-' || n, decode(repeat('04', 65), 'hex'), decode(repeat('5a', 176), 'hex'),
       decode(repeat('30', 71), 'hex'), 176, now() - interval '1 hour' + n * interval '1 ms', now() + interval '30 days'
FROM generate_series(0, 19) AS i
JOIN account r ON r.username_key = 'pgbmr' || i
JOIN account s ON s.username_key = 'pgbms' || ((i + 1) % 20)
CROSS JOIN generate_series(1, 50) AS n;
COMMIT;
ANALYZE account;
ANALYZE mail;
ANALYZE mail_receipt;
