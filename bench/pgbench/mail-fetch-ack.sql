-- MAIL_FETCH (limit 1) then MAIL_ACK of the message fetched, as the registry runs them
-- (MailRepository.fetch, then .acknowledge: two transactions), statement for statement as
-- Hibernate issued them. The fetch reads one row more than the page to answer `more`; \aset keeps
-- the last row's columns, so the ack takes the second-oldest message rather than the oldest (the
-- same statements on the same indexes; the last "id" column is the sender's account id). Each
-- client goes round the 20 recipients as `mail` does (-D k=0).
\set k :k + 1
\set r (:k * 4 + :client_id) % 20
-- MAIL_FETCH: MailRepository.fetch
BEGIN;
select a1_0.id,a1_0.created_at,a1_0.identity_key,a1_0.last_login_at,a1_0.password_hash,a1_0.username,a1_0.username_key from account a1_0 where a1_0.username_key='pgbmr' || :r \gset me_
select m1_0.id,m1_0.deposited_at,m1_0.expires_at,m1_0.hpke_key,m1_0.message_id,m1_0.recipient_id,m1_0.sealed,m1_0.sender_id,s1_0.id,s1_0.created_at,s1_0.identity_key,s1_0.last_login_at,s1_0.password_hash,s1_0.username,s1_0.username_key,m1_0.signature,m1_0.size_bytes from mail m1_0 join account s1_0 on s1_0.id=m1_0.sender_id where m1_0.recipient_id=:me_id order by m1_0.deposited_at,m1_0.id fetch first 2 rows only \aset
COMMIT;
-- MAIL_ACK: MailRepository.acknowledge (the recipient, the sender by name, the delete, the receipt)
BEGIN;
select a1_0.id,a1_0.created_at,a1_0.identity_key,a1_0.last_login_at,a1_0.password_hash,a1_0.username,a1_0.username_key from account a1_0 where a1_0.username_key='pgbmr' || :r;
select a1_0.id,a1_0.created_at,a1_0.identity_key,a1_0.last_login_at,a1_0.password_hash,a1_0.username,a1_0.username_key from account a1_0 where a1_0.username_key=:username_key \gset snd_
delete from mail m1_0 where m1_0.sender_id=:snd_id and m1_0.recipient_id=:me_id and m1_0.message_id=:message_id;
select r1_0.id,r1_0.made_at,r1_0.message_id,r1_0.outcome,r1_0.recipient_id,r2_0.id,r2_0.created_at,r2_0.identity_key,r2_0.last_login_at,r2_0.password_hash,r2_0.username,r2_0.username_key,r1_0.sender_id from mail_receipt r1_0 join account r2_0 on r2_0.id=r1_0.recipient_id where r1_0.sender_id=:snd_id and r2_0.id=:me_id and r1_0.message_id=:message_id;
insert into mail_receipt (made_at,message_id,outcome,recipient_id,sender_id) values (now(),:message_id,'delivered',:me_id,:snd_id) returning *;
COMMIT;
