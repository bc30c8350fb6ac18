-- ROOM_CREATE as the registry runs it (RoomRepository.create: one transaction), statement for
-- statement as Hibernate issued them (captured with org.hibernate.SQL logging; the PostgreSQL
-- driver adds "returning *" to an insert whose generated id Hibernate asks for). A fresh name each
-- time; the creator is one of the 40 accounts.
\set u random(0, 39)
\set n random(1, 1000000000000)
BEGIN;
-- requireFree: no room of this name
select r1_0.id,r1_0.capacity,r1_0.created_at,r1_0.description,r1_0.host_id,r1_0.invite_only,r1_0.name,r1_0.name_key,r1_0.password_hash from room r1_0 where r1_0.name_key='pgbc' || :client_id || 'n' || :n;
select a1_0.id,a1_0.created_at,a1_0.identity_key,a1_0.last_login_at,a1_0.password_hash,a1_0.username,a1_0.username_key from account a1_0 where a1_0.username_key='pgbu' || :u \gset acct_
insert into room (capacity,created_at,description,host_id,invite_only,name,name_key,password_hash) values (50,now(),null,:acct_id,false,'pgbc' || :client_id || 'n' || :n,'pgbc' || :client_id || 'n' || :n,null) returning * \gset room_
insert into room_membership (account_id,joined_at,role,room_id) values (:acct_id,now(),'host',:room_id) returning *;
select rm1_0.id,rm1_0.account_id,a1_0.id,a1_0.created_at,a1_0.identity_key,a1_0.last_login_at,a1_0.password_hash,a1_0.username,a1_0.username_key,rm1_0.joined_at,rm1_0.role,rm1_0.room_id from room_membership rm1_0 join account a1_0 on a1_0.id=rm1_0.account_id where rm1_0.room_id=:room_id order by rm1_0.joined_at,rm1_0.id;
COMMIT;
