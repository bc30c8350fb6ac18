-- MAIL_DEPOSIT to an offline recipient as the registry runs it (MailRepository.deposit: one
-- transaction), statement for statement as Hibernate issued them (captured with PostgreSQL's
-- log_statement in a throwaway run; the driver adds "returning *" to an insert): both accounts
-- by name, both rows locked lower id first, the same message kept or delivered before, the
-- mailbox's count and bytes for the quota, the insert. The envelope's bytes are as large as the
-- benchmark's (100-character body: 65-byte HPKE key, 176 sealed bytes, a 71-byte signature).
-- Each client counts its deposits in k (start it with -D k=0) and goes round the 20 recipients as
-- `mail` does; the sender is random, and a random n keeps the ids of separate pgbench runs apart.
\set k :k + 1
\set n random(1, 1000000000000)
\set s random(0, 19)
\set r (:k * 4 + :client_id) % 20
BEGIN;
select a1_0.id,a1_0.created_at,a1_0.identity_key,a1_0.last_login_at,a1_0.password_hash,a1_0.username,a1_0.username_key from account a1_0 where a1_0.username_key='pgbms' || :s \gset snd_
select a1_0.id,a1_0.created_at,a1_0.identity_key,a1_0.last_login_at,a1_0.password_hash,a1_0.username,a1_0.username_key from account a1_0 where a1_0.username_key='pgbmr' || :r \gset rcp_
\set first least(:snd_id, :rcp_id)
\set second greatest(:snd_id, :rcp_id)
select id from account where id=:first for update;
select id from account where id=:second for update;
select m1_0.id,m1_0.deposited_at,m1_0.expires_at,m1_0.hpke_key,m1_0.message_id,m1_0.recipient_id,r1_0.id,r1_0.created_at,r1_0.identity_key,r1_0.last_login_at,r1_0.password_hash,r1_0.username,r1_0.username_key,m1_0.sealed,m1_0.sender_id,m1_0.signature,m1_0.size_bytes from mail m1_0 join account r1_0 on r1_0.id=m1_0.recipient_id where m1_0.sender_id=:snd_id and r1_0.id=:rcp_id and m1_0.message_id='pgb-' || :n || '-' || :client_id || '-' || :k;
select r1_0.id,r1_0.made_at,r1_0.message_id,r1_0.outcome,r1_0.recipient_id,r2_0.id,r2_0.created_at,r2_0.identity_key,r2_0.last_login_at,r2_0.password_hash,r2_0.username,r2_0.username_key,r1_0.sender_id from mail_receipt r1_0 join account r2_0 on r2_0.id=r1_0.recipient_id where r1_0.sender_id=:snd_id and r2_0.id=:rcp_id and r1_0.message_id='pgb-' || :n || '-' || :client_id || '-' || :k;
select count(m1_0.id),coalesce(sum(m1_0.size_bytes),0) from mail m1_0 where m1_0.recipient_id=:rcp_id;
insert into mail (deposited_at,expires_at,hpke_key,message_id,recipient_id,sealed,sender_id,signature,size_bytes) values (now(),now() + interval '30 days',decode(repeat('04', 65), 'hex'),'pgb-' || :n || '-' || :client_id || '-' || :k,:rcp_id,decode(repeat('5a', 176), 'hex'),:snd_id,decode(repeat('30', 71), 'hex'),176) returning *;
COMMIT;
