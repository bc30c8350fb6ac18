-- ROOM_LIST (limit 100, not detailed, "total":false as the client and room-ops ask) as the
-- registry runs it (RoomRepository.list: one transaction), statement for statement as Hibernate
-- issued them: the first page by name read one row long (101 rows: the last only says whether
-- more follow), then the member counts of the page's 100 rooms. No count of the visible rooms: a
-- request with "total":false skips it.
\set u random(0, 39)
BEGIN;
select r1_0.id,r1_0.capacity,r1_0.created_at,r1_0.description,r1_0.host_id,h1_0.id,h1_0.created_at,h1_0.identity_key,h1_0.last_login_at,h1_0.password_hash,h1_0.username,h1_0.username_key,r1_0.invite_only,r1_0.name,r1_0.name_key,r1_0.password_hash from room r1_0 join account h1_0 on h1_0.id=r1_0.host_id where r1_0.invite_only=false or exists(select rm1_0.id from room_membership rm1_0 join account a1_0 on a1_0.id=rm1_0.account_id where rm1_0.room_id=r1_0.id and a1_0.username_key='pgbu' || :u) order by r1_0.name_key offset 0 rows fetch first 101 rows only;
-- the member counts of the page: run.sh puts the ids of the first 100 rooms by name in place of PAGE_IDS
select rm1_0.room_id,count(rm1_0.id) from room_membership rm1_0 where rm1_0.room_id in (PAGE_IDS) group by rm1_0.room_id;
COMMIT;
