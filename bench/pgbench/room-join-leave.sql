-- ROOM_JOIN (no password) then ROOM_LEAVE as the registry runs them, statement for statement as
-- Hibernate issued them (captured with org.hibernate.SQL logging; the PostgreSQL driver adds
-- "returning *" to the insert). A join without a password is one transaction:
-- RoomService.join goes straight to RoomRepository.join, which locks the room's row and makes
-- every check of entry under the lock before it inserts (the lock-free RoomRepository.entrance
-- runs only for a join that carries a password, so that it can be hashed outside the lock). A
-- leave is one transaction too. Each pgbench client has its own 8 of the 32 joining accounts, so
-- two clients never join the same room as the same user; run with -c 4.
\set r random(0, 15)
\set u 8 + (:client_id % 4) * 8 + random(0, 7)
-- ROOM_JOIN: RoomRepository.join (room row locked until commit)
BEGIN;
select r1_0.id,r1_0.capacity,r1_0.created_at,r1_0.description,r1_0.host_id,r1_0.invite_only,r1_0.name,r1_0.name_key,r1_0.password_hash from room r1_0 where r1_0.name_key='pgbr' || :r for no key update \gset room_
select rm1_0.id,rm1_0.account_id,a1_0.id,a1_0.created_at,a1_0.identity_key,a1_0.last_login_at,a1_0.password_hash,a1_0.username,a1_0.username_key,rm1_0.joined_at,rm1_0.role,rm1_0.room_id from room_membership rm1_0 join account a1_0 on a1_0.id=rm1_0.account_id where rm1_0.room_id=:room_id and a1_0.username_key='pgbu' || :u;
select count(rb1_0.id) from room_ban rb1_0 join account a1_0 on a1_0.id=rb1_0.account_id where rb1_0.room_id=:room_id and a1_0.username_key='pgbu' || :u;
select count(rm1_0.id) from room_membership rm1_0 where rm1_0.room_id=:room_id;
select a1_0.id,a1_0.created_at,a1_0.identity_key,a1_0.last_login_at,a1_0.password_hash,a1_0.username,a1_0.username_key from account a1_0 where a1_0.username_key='pgbu' || :u \gset acct_
insert into room_membership (account_id,joined_at,role,room_id) values (:acct_id,now(),'member',:room_id) returning * \gset m_
select rm1_0.id,rm1_0.account_id,a1_0.id,a1_0.created_at,a1_0.identity_key,a1_0.last_login_at,a1_0.password_hash,a1_0.username,a1_0.username_key,rm1_0.joined_at,rm1_0.role,rm1_0.room_id from room_membership rm1_0 join account a1_0 on a1_0.id=rm1_0.account_id where rm1_0.room_id=:room_id order by rm1_0.joined_at,rm1_0.id;
COMMIT;
-- ROOM_LEAVE: RoomRepository.leave (the membership comes with its account: RoomMembership.FIND join-fetches it).
-- The delete takes the id the join's insert returned: the membership query's result names two columns "id".
BEGIN;
select r1_0.id,r1_0.capacity,r1_0.created_at,r1_0.description,r1_0.host_id,r1_0.invite_only,r1_0.name,r1_0.name_key,r1_0.password_hash from room r1_0 where r1_0.name_key='pgbr' || :r for no key update;
select rm1_0.id,rm1_0.account_id,a1_0.id,a1_0.created_at,a1_0.identity_key,a1_0.last_login_at,a1_0.password_hash,a1_0.username,a1_0.username_key,rm1_0.joined_at,rm1_0.role,rm1_0.room_id from room_membership rm1_0 join account a1_0 on a1_0.id=rm1_0.account_id where rm1_0.room_id=:room_id and a1_0.username_key='pgbu' || :u;
delete from room_membership where id=:m_id;
select rm1_0.id,rm1_0.account_id,a1_0.id,a1_0.created_at,a1_0.identity_key,a1_0.last_login_at,a1_0.password_hash,a1_0.username,a1_0.username_key,rm1_0.joined_at,rm1_0.role,rm1_0.room_id from room_membership rm1_0 join account a1_0 on a1_0.id=rm1_0.account_id where rm1_0.room_id=:room_id order by rm1_0.joined_at,rm1_0.id;
COMMIT;
