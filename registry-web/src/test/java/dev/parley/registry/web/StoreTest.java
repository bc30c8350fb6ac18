package dev.parley.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.identity.Identity;
import dev.parley.client.mail.SealedMail;
import dev.parley.protocol.mail.Envelope;
import dev.parley.protocol.mail.Letter;
import dev.parley.registry.web.testing.BrowserTest;
import dev.parley.registry.web.testing.HeadlessChromium.BrowserError;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * js/store.js in Chromium: what it stores is there after a reload and after the browser is quit
 * and started again on the same profile, and each of its promises (duplicates, delivered marks,
 * outbox, sequence numbers, one store per user) holds.
 */
class StoreTest extends BrowserTest {
    @BeforeEach
    void freshPage() {
        browser.open("/test/harness.html");
    }

    @Test
    void appendedMessagesOutliveAReloadAndABrowserRestart() {
        assertEquals(List.of(true, true, true), store("""
                const store = await st.openStore('Alice');
                const results = [];
                for (const m of arguments[0]) {
                    results.push(await store.append('@bob', m));
                }
                store.close();
                return results;
                """, List.of(HELLO, REPLY, SECOND)));
        List<Map<String, Object>> expected = List.of(HELLO, REPLY, SECOND);

        browser.reload();
        assertEquals(expected, messages("alice", "@bob", 10));
        browser.restartBrowser().open("/test/harness.html");
        assertEquals(expected, messages("ALICE", "@Bob", 10));
    }

    @Test
    void theSameMessageFetchedTwiceIsStoredOnce() {
        Map<String, Object> fromBob = message("m-dup", "bob", "received", "2026-12-05T09:30:00.000Z", "twice");
        Map<String, Object> sameIdFromCarol = message("m-dup", "carol", "received", "2026-12-05T09:30:01.000Z", "other");
        assertEquals(List.of(true, false, false, true, true), store("""
                const store = await st.openStore('dupes');
                const r = [await store.append('@bob', arguments[0]),
                           await store.append('@bob', arguments[0]),
                           await store.append('@BOB', {...arguments[0], from: 'Bob', body: 'changed'}),
                           await store.append('@bob', arguments[1]),
                           await store.append('#lobby', arguments[0])];
                store.close();
                return r;
                """, fromBob, sameIdFromCarol));
        browser.reload();
        assertEquals(List.of(fromBob, sameIdFromCarol), messages("dupes", "@bob", 10));
        assertEquals(List.of(fromBob), messages("dupes", "#lobby", 10));
    }

    @Test
    void aOneToOneMessageIsDeliveredAndLeavesTheOutbox() {
        Map<String, Object> sent = message("m-out", "dora", "sent", "2026-12-05T09:30:00.000Z", "are you there?");
        sent.put("to", "erin");
        sent.put("seq", 1L);
        Map<String, Object> received = message("m-in", "erin", "received", "2026-12-05T09:31:00.000Z", "yes");
        store("""
                const store = await st.openStore('dora');
                await store.append('@erin', arguments[0]);
                await store.append('@erin', arguments[1]);
                store.close();
                """, sent, received);
        Map<String, Object> pending = new LinkedHashMap<>(sent);
        pending.put("conversation", "@erin");
        browser.reload();
        assertEquals(List.of(pending), store("""
                const store = await st.openStore('dora');
                try { return await store.outbox(); } finally { store.close(); }
                """));

        assertEquals(List.of(false, true, false), store("""
                const store = await st.openStore('dora');
                const r = [await store.markDelivered('@erin', 'm-in', 'erin'),
                           await store.markDelivered('@erin', 'm-out', 'erin', '2026-12-05T09:31:02Z'),
                           await store.markDelivered('@erin', 'm-out', 'Erin')];
                store.close();
                return r;
                """));
        browser.reload();
        Map<String, Object> delivered = new LinkedHashMap<>(sent);
        delivered.put("state", "delivered");
        delivered.put("deliveredTo", List.of("erin"));
        delivered.put("deliveredAt", "2026-12-05T09:31:02Z"); // the receipt's time, still there after the reload
        assertEquals(List.of(delivered, received), messages("dora", "@erin", 10));
        assertEquals(List.of(), store("""
                const store = await st.openStore('dora');
                try { return await store.outbox(); } finally { store.close(); }
                """));
    }

    @Test
    void aRoomMessageCountsTheMembersWhoStoredIt() {
        Map<String, Object> sent = message("m-room", "fred", "sent", "2026-12-05T09:30:00.000Z", "hello room");
        sent.put("room", "lobby");
        sent.put("recipients", List.of("gina", "Hank", "ivan"));
        store("""
                const store = await st.openStore('fred');
                await store.append('#lobby', arguments[0]);
                await store.markDelivered('#lobby', 'm-room', 'gina');
                store.close();
                """, sent);
        browser.restartBrowser().open("/test/harness.html");
        @SuppressWarnings("unchecked")
        Map<String, Object> afterOne = (Map<String, Object>) ((List<?>) messages("fred", "#lobby", 1)).get(0);
        assertEquals(List.of("gina"), afterOne.get("deliveredTo"));
        assertEquals("sent", afterOne.get("state"));
        assertEquals(List.of(true, false, false, true), store("""
                const store = await st.openStore('fred');
                const r = [await store.markDelivered('#Lobby', 'm-room', 'hank'),
                           await store.markDelivered('#lobby', 'm-room', 'HANK'),
                           (await store.outbox()).length === 0,
                           await store.markDelivered('#lobby', 'm-room', 'ivan')];
                store.close();
                return r;
                """));
        browser.reload();
        Map<String, Object> delivered = new LinkedHashMap<>(sent);
        delivered.put("state", "delivered");
        delivered.put("deliveredTo", List.of("gina", "hank", "ivan"));
        assertEquals(List.of(delivered), messages("fred", "#lobby", 10));
        assertEquals(List.of(), store("""
                const store = await st.openStore('fred');
                try { return await store.outbox(); } finally { store.close(); }
                """));
    }

    @Test
    void theOutboxHoldsWhatWaitsInEveryConversationAcrossARestart() {
        Map<String, Object> toJack = message("o-1", "Kate", "sent", "2026-12-05T09:30:00.000Z", "first");
        Map<String, Object> toRoom = message("o-2", "kate", "sent", "2026-12-05T09:31:00.000Z", "second");
        toRoom.put("room", "Dev");
        Map<String, Object> fromJack = message("o-3", "jack", "received", "2026-12-05T09:32:00.000Z", "third");
        Map<String, Object> deliveredAlready = message("o-4", "kate", "delivered", "2026-12-05T09:33:00.000Z", "fourth");
        store("""
                const store = await st.openStore('kate');
                await store.append('@Jack', arguments[0]);
                await store.append('#Dev', arguments[1]);
                await store.append('@jack', arguments[2]);
                await store.append('@jack', arguments[3]);
                store.close();
                """, toJack, toRoom, fromJack, deliveredAlready);
        browser.restartBrowser().open("/test/harness.html");
        Map<String, Object> first = new LinkedHashMap<>(toJack);
        first.put("conversation", "@Jack");
        Map<String, Object> second = new LinkedHashMap<>(toRoom);
        second.put("conversation", "#Dev");
        assertEquals(List.of(first, second), store("""
                const store = await st.openStore('kate');
                try { return await store.outbox(); } finally { store.close(); }
                """));
    }

    @Test
    void sequenceNumbersGoOnAcrossReloadsPerPeer() {
        String next = """
                const store = await st.openStore('liam');
                try {
                    return [await store.nextSeq('mona'), await store.nextSeq('Mona'), await store.nextSeq('nina')];
                } finally {
                    store.close();
                }
                """;
        assertEquals(List.of(1L, 2L, 1L), store(next));
        browser.reload();
        assertEquals(List.of(3L, 4L, 2L), store(next));
        browser.restartBrowser().open("/test/harness.html");
        assertEquals(List.of(5L, 6L, 3L), store(next));
    }

    @Test
    void twoUsersStoresAreApart() {
        store("""
                const s = await import('/js/sealing.js');
                const omar = await st.openStore('Omar');
                const pia = await st.openStore('pia');
                await omar.saveIdentity(await s.createIdentity());
                await omar.pin('quinn', 'key-omar-pinned');
                await omar.append('@quinn', arguments[0]);
                await omar.nextSeq('quinn');
                await pia.append('@quinn', arguments[1]);
                omar.close();
                pia.close();
                """, message("a-1", "omar", "sent", "2026-12-05T09:30:00.000Z", "omar's"),
                message("a-1", "pia", "sent", "2026-12-05T09:30:00.000Z", "pia's"));
        browser.reload();
        @SuppressWarnings("unchecked")
        Map<String, Object> pia = (Map<String, Object>) store("""
                const pia = await st.openStore('pia');
                try {
                    return {identity: await pia.identity(), pinned: await pia.pinned('quinn'),
                            messages: (await pia.messages('@quinn', 10)).map(m => m.body),
                            seq: await pia.nextSeq('quinn'),
                            databases: (await indexedDB.databases()).map(d => d.name).filter(n => /omar|pia/.test(n)).sort()};
                } finally {
                    pia.close();
                }
                """);
        assertEquals(null, pia.get("identity"));
        assertEquals(null, pia.get("pinned"));
        assertEquals(List.of("pia's"), pia.get("messages"));
        assertEquals(1L, pia.get("seq"));
        assertEquals(List.of("parley-omar", "parley-pia"), pia.get("databases"));
        assertEquals(List.of("omar's"), store("""
                const omar = await st.openStore('OMAR');
                try { return (await omar.messages('@quinn', 10)).map(m => m.body); } finally { omar.close(); }
                """));
    }

    @Test
    void theSavedIdentityStillOpensMailAfterARestart() throws Exception {
        assertEquals(null, store("""
                const store = await st.openStore('rosa');
                try { return await store.identity(); } finally { store.close(); }
                """));
        String publicKey = (String) store("""
                const s = await import('/js/sealing.js');
                const store = await st.openStore('rosa');
                const identity = await s.createIdentity();
                await store.saveIdentity(identity);
                store.close();
                return identity.publicKey;
                """);
        browser.restartBrowser().open("/test/harness.html");
        Identity sam = Identity.create("sam");
        Letter letter = new Letter(Instant.parse("2026-12-05T09:30:00Z"), "kept across restarts ✓", 4L, null);
        Envelope e = SealedMail.seal(sam, "sam", "rosa", Identity.decode(publicKey), "k-1", letter);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", e.id());
        envelope.put("from", e.from());
        envelope.put("to", e.to());
        envelope.put("key", e.key());
        envelope.put("sealed", e.sealed());
        envelope.put("signature", e.signature());
        @SuppressWarnings("unchecked")
        Map<String, Object> opened = (Map<String, Object>) store("""
                const s = await import('/js/sealing.js');
                const store = await st.openStore('rosa');
                try {
                    const me = await store.identity();
                    const letter = await s.openEnvelope(me, arguments[0], arguments[1]);
                    return {publicKey: me.publicKey, body: letter.body, seq: letter.seq,
                            extractable: me.signingKey.extractable || me.agreementKey.extractable};
                } finally {
                    store.close();
                }
                """, envelope, sam.publicKeyText());
        assertEquals(publicKey, opened.get("publicKey"));
        assertEquals("kept across restarts ✓", opened.get("body"));
        assertEquals(4L, opened.get("seq"));
        assertEquals(false, opened.get("extractable"));
    }

    @Test
    void pinsAreFoundWhateverTheLetterCase() {
        assertEquals(List.of("K1", "K1", "K2"), store("""
                const store = await st.openStore('tara');
                try {
                    const r = [await store.pinned('Uma')];
                    await store.pin('Uma', 'K1');
                    r.push(await store.pinned('uma'), await store.pinned('UMA'));
                    await store.pin('uma', 'K2');
                    return r.slice(1).concat([await store.pinned('Uma')]);
                } finally {
                    store.close();
                }
                """));
        browser.reload();
        assertEquals(List.of("K2"), store("""
                const store = await st.openStore('tara');
                try { return [await store.pinned('uMa')]; } finally { store.close(); }
                """));
        assertEquals(null, store("""
                const store = await st.openStore('tara');
                try { return await store.pinned('victor'); } finally { store.close(); }
                """));
    }

    @Test
    void conversationsListTheirNewestTimeAndMessagesTheLastFew() {
        store("""
                const store = await st.openStore('wendy');
                await store.append('@Xena', arguments[0]);
                await store.append('#yard', arguments[1]);
                await store.append('@xena', arguments[2]);
                for (let i = 1; i <= 5; i++) {
                    await store.append('#yard', {id: `y-${i}`, from: 'zoe', sentAt: `2026-12-05T10:0${i}:00.000Z`,
                                                 body: `number ${i}`, room: 'yard', state: 'received'});
                }
                store.close();
                """, message("c-1", "wendy", "sent", "2026-12-05T09:00:00.000Z", "early"),
                message("c-2", "zoe", "received", "2026-12-05T09:30:00.000Z", "room"),
                // Mail that arrives late does not make the conversation older.
                message("c-3", "xena", "received", "2026-12-05T08:00:00.000Z", "late mail"));
        browser.reload();
        assertEquals(List.of(Map.of("name", "#yard", "lastAt", "2026-12-05T10:05:00.000Z", "waiting", 0L),
                Map.of("name", "@Xena", "lastAt", "2026-12-05T09:00:00.000Z", "waiting", 0L)), store("""
                const store = await st.openStore('wendy');
                try { return await store.conversations(); } finally { store.close(); }
                """));
        assertEquals(List.of("number 3", "number 4", "number 5"), store("""
                const store = await st.openStore('wendy');
                try { return (await store.messages('#yard', 3)).map(m => m.body); } finally { store.close(); }
                """));
        assertEquals(List.of("early", "late mail"), store("""
                const store = await st.openStore('wendy');
                try { return (await store.messages('@xena', 50)).map(m => m.body); } finally { store.close(); }
                """));
        assertEquals(List.of(), store("""
                const store = await st.openStore('wendy');
                try { return await store.messages('@nobody', 5); } finally { store.close(); }
                """));
    }

    @Test
    void aConversationSomeoneElseStartsIsARequestUntilAcceptedAndRejectedLeavesTheList() {
        store("""
                const store = await st.openStore('una');
                await store.append('@ivy', arguments[0]);
                await store.append('@ivy', arguments[1]);
                await store.append('@quinn', arguments[2]);
                await store.append('@quinn', arguments[3]);
                store.close();
                """, message("r-1", "ivy", "received", "2026-12-05T09:00:00.000Z", "hi"),
                message("r-2", "ivy", "received", "2026-12-05T09:01:00.000Z", "are you there?"),
                // Written to first by this user: an answer is no request.
                message("r-3", "una", "sent", "2026-12-05T09:02:00.000Z", "hello quinn"),
                message("r-4", "quinn", "received", "2026-12-05T09:03:00.000Z", "hello una"));
        browser.reload();
        assertEquals(List.of(Map.of("name", "@quinn", "lastAt", "2026-12-05T09:03:00.000Z", "waiting", 0L),
                Map.of("name", "@ivy", "lastAt", "2026-12-05T09:01:00.000Z", "waiting", 2L)), store("""
                const store = await st.openStore('una');
                try { return await store.conversations(); } finally { store.close(); }
                """));

        assertEquals(List.of(2L, 0L), store("""
                const store = await st.openStore('una');
                try {
                    const before = await store.waiting('@IVY');
                    await store.answerRequest('@ivy', true);
                    return [before, await store.waiting('@ivy')];
                } finally { store.close(); }
                """));
        browser.reload();
        // Accepted, and kept across the reload: her next message is one of a conversation, not a request.
        assertEquals(List.of(0L, List.of("hi", "are you there?", "thanks")), store("""
                const store = await st.openStore('una');
                try {
                    await store.append('@ivy', arguments[0]);
                    return [await store.waiting('@ivy'), (await store.messages('@ivy', 5)).map(m => m.body)];
                } finally { store.close(); }
                """, message("r-5", "ivy", "received", "2026-12-05T09:04:00.000Z", "thanks")));

        store("""
                const store = await st.openStore('una');
                await store.append('@mallory', arguments[0]);
                await store.answerRequest('@mallory', false);
                store.close();
                """, message("r-6", "mallory", "received", "2026-12-05T09:05:00.000Z", "cheap watches"));
        browser.reload();
        assertEquals(List.of("@ivy", "@quinn"), store("""
                const store = await st.openStore('una');
                try { return (await store.conversations()).map(c => c.name); } finally { store.close(); }
                """));
        assertEquals(1L, store("""
                const store = await st.openStore('una');
                try {
                    await store.append('@mallory', arguments[0]);
                    return await store.waiting('@mallory');
                } finally { store.close(); }
                """, message("r-7", "mallory", "received", "2026-12-05T09:06:00.000Z", "last chance")),
                "a later message is a new request");
    }

    @Test
    void everyWriteAsksForStrictDurability() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> seen = (List<Map<String, Object>>) store("""
                const spy = await import('/test/transaction-spy.js');
                const s = await import('/js/sealing.js');
                spy.seen.length = 0;
                const store = await st.openStore('yusuf');
                await store.saveIdentity(await s.createIdentity());
                await store.pin('zack', 'K');
                await store.append('@zack', arguments[0]);
                await store.markDelivered('@zack', 'd-1', 'zack');
                await store.nextSeq('zack');
                await store.messages('@zack', 5);
                await store.outbox();
                store.close();
                return spy.seen;
                """, message("d-1", "yusuf", "sent", "2026-12-05T09:00:00.000Z", "durable"));
        List<Map<String, Object>> writes = seen.stream().filter(t -> "readwrite".equals(t.get("mode"))).toList();
        assertEquals(5, writes.size(), seen::toString);
        for (Map<String, Object> t : writes) {
            assertEquals("strict", t.get("durability"), t::toString);
        }
        assertTrue(seen.stream().anyMatch(t -> "readonly".equals(t.get("mode"))));
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("await st.openStore('')", "not a username: 3 to 32 letters, digits, \".\", \"_\" or \"-\"");
        cases.put("await st.openStore('a/b')", "not a username: 3 to 32 letters, digits, \".\", \"_\" or \"-\"");
        cases.put("await store.append('bob', good)", "not a conversation: \"@\" and a user's name, or \"#\" and a room's");
        cases.put("await store.append('@bob', {...good, state: 'lost'})",
                "a message's state is 'sent', 'delivered' or 'received'");
        cases.put("await store.append('@bob', {...good, id: 'has space'})",
                "a message id is 1 to 64 letters, digits, \"-\" or \"_\"");
        cases.put("await store.append('@bob', {...good, sentAt: 'soon'})",
                "a message's sentAt is a time like 2026-11-21T14:02:03Z");
        cases.put("await store.append('@bob', null)", "a message is an object");
        cases.put("await store.markDelivered('@bob', undefined, 'bob')",
                "a message id is 1 to 64 letters, digits, \"-\" or \"_\"");
        cases.put("await store.messages('@bob', 0)", "a limit is a whole number of messages, at least 1");
        cases.put("await store.nextSeq('')", "a name is a non-empty string");
        cases.put("await store.saveIdentity({publicKey: 'x'})", "not an identity (make one with createIdentity)");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            BrowserError e = assertThrows(BrowserError.class, () -> store("""
                    const store = await st.openStore('badargs');
                    const good = {id: 'g-1', from: 'badargs', sentAt: '2026-12-05T09:00:00Z', body: 'x', state: 'sent'};
                    try {
                        %s;
                    } finally {
                        store.close();
                    }
                    """.formatted(c.getKey())), c.getKey());
            assertEquals("TypeError", e.name(), c.getKey());
            assertEquals(c.getValue(), e.jsMessage(), c.getKey());
        }
        // Nothing was stored by the refused calls.
        assertEquals(List.of(), messages("badargs", "@bob", 10));
    }

    // ---------------------------------------------------------------------------------------------

    private static final Map<String, Object> HELLO = withSeq(message("m-1", "alice", "sent",
            "2026-12-05T09:30:00.000Z", "hello bob 👋 — ça va?"), "bob", 1L);
    private static final Map<String, Object> REPLY = withReceived(withSeq(message("m-2", "bob", "received",
            "2026-12-05T09:31:00.000Z", "très bien, and you?"), "alice", 1L), "2026-12-05T09:31:02.000Z");
    private static final Map<String, Object> SECOND = withSeq(message("m-3", "alice", "delivered",
            "2026-12-05T09:32:00.000Z", "fine **thanks**"), "bob", 2L);

    private static Object store(String body, Object... args) {
        return browser.run("const st = await import('/js/store.js');\n" + body, args);
    }

    private static Object messages(String user, String conversation, int limit) {
        Object list = store("""
                const store = await st.openStore(arguments[0]);
                try { return await store.messages(arguments[1], arguments[2]); } finally { store.close(); }
                """, user, conversation, limit);
        assertNotNull(list);
        assertFalse(list.toString().contains("fromKey"), list::toString);
        return list;
    }

    private static Map<String, Object> message(String id, String from, String state, String sentAt, String body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("from", from);
        m.put("sentAt", sentAt);
        m.put("body", body);
        m.put("state", state);
        return m;
    }

    private static Map<String, Object> withSeq(Map<String, Object> m, String to, long seq) {
        m.put("to", to);
        m.put("seq", seq);
        return m;
    }

    private static Map<String, Object> withReceived(Map<String, Object> m, String at) {
        m.put("receivedAt", at);
        return m;
    }
}
