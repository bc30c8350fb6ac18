package dev.parley.client.app;

import dev.parley.client.ClientException;
import dev.parley.client.Diagnostics;
import dev.parley.client.chat.Buffers;
import dev.parley.client.chat.Conversations;
import dev.parley.client.chat.PeerRouter;
import dev.parley.client.chat.Rooms;
import dev.parley.protocol.registry.RegistryEvent;
import dev.parley.client.command.Client;
import dev.parley.client.command.Prompter;
import dev.parley.client.identity.Identity;
import dev.parley.client.identity.IdentityCheck;
import dev.parley.client.identity.IdentityException;
import dev.parley.client.identity.IdentityStore;
import dev.parley.client.identity.KnownPeers;
import dev.parley.client.peer.PeerNode;
import dev.parley.client.registry.DeviceKey;
import dev.parley.client.registry.PeerListener;
import dev.parley.client.registry.RegistryException;
import dev.parley.client.registry.RegistryRefusedException;
import dev.parley.client.registry.RegistrySession;
import dev.parley.client.registry.SessionGrant;
import dev.parley.client.render.ChatNotices;
import dev.parley.client.render.Notice;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import dev.parley.client.render.Screen;
import dev.parley.client.store.ParleyHome;
import dev.parley.client.store.SessionFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The program's {@link Client}: holds the registry session, the screen, questions to the user and
 * the local store, and at login wires the rest together: the identity key, the conversations and
 * rooms (whose events {@link ChatNotices} puts on the screen), and the peer node.
 */
public final class ChatClient implements Client {
    private final RegistrySession registry;
    private final Screen screen;
    private final Prompter prompter;
    private final ParleyHome home;
    private final Clock clock;
    /** Plain mode: every conversation's messages are printed as they come, not only the current one's. */
    private final boolean plain;
    private volatile List<String> lastOnline = List.of();
    private volatile boolean leaving;
    private volatile Runnable stateChanged = () -> { };
    private final Object sessionLock = new Object();
    private final Buffers buffers = new Buffers();
    private Conversations conversations;
    private Rooms rooms;
    private PeerNode node;
    private Identity identity;
    /** The account folder this client holds while logged in, with the session's resume token. */
    private SessionFile sessionFile;

    public ChatClient(RegistrySession registry, Screen screen, Prompter prompter, ParleyHome home, Clock clock,
            boolean plain) {
        this.registry = registry;
        this.screen = screen;
        this.prompter = prompter;
        this.home = home;
        this.clock = clock;
        this.plain = plain;
    }

    @Override
    public RegistrySession registry() {
        return registry;
    }

    public Screen screen() {
        return screen;
    }

    @Override
    public Prompter prompter() {
        return prompter;
    }

    public ParleyHome home() {
        return home;
    }

    /** Local time zone and today's date, for showing times the registry sends in UTC. */
    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void show(NoticeKind kind, String text, String... nicks) {
        screen.show(Notice.of(kind, text, nicks));
    }

    /** Run when the prompt's information changes (current conversation, unread counts). */
    public void onStateChange(Runnable action) {
        this.stateChanged = action;
    }

    /** The names in the last /online answer, offered by tab completion. */
    public List<String> lastOnline() {
        return lastOnline;
    }

    /** Names tab completion offers: people in conversations first, then the last /online answer. */
    public List<String> completionNames() {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        conversations().ifPresent(c -> names.addAll(c.peers()));
        synchronized (sessionLock) {
            if (rooms != null) {
                names.addAll(rooms.names());
            }
        }
        names.addAll(lastOnline);
        return List.copyOf(names);
    }

    @Override
    public void rememberOnline(List<String> names) {
        lastOnline = List.copyOf(names);
    }

    /**
     * Registers {@code username} with a new identity key (or the one already in this computer's
     * folder for that name, if the password opens it) and saves the key once the registry agreed.
     */
    @Override
    public String register(String username, char[] password) throws ClientException {
        // The folder is made only once the registry agreed: a refused name leaves nothing behind.
        Identity id = IdentityStore.load(folderPath(username), username, password)
                .orElseGet(() -> Identity.create(username));
        String registered = registry.register(username, password, id.publicKeyText());
        IdentityStore.save(folder(username), id, password);
        return registered;
    }

    /**
     * Logs in with this computer's identity key, then starts accepting and opening peer links. The
     * account folder is held while logged in (one parley per folder), and the session that an
     * earlier run left behind when it was killed is taken back with the token it kept there.
     */
    @Override
    public SessionGrant login(String username, char[] password, Consumer<SessionGrant> loggedIn) throws ClientException {
        Path folder = folderPath(username); // made once the registry let us in
        // Held before the password is tried: a second parley on this folder must not log in, nor
        // take the first one's session with its token.
        SessionFile held = Files.isDirectory(folder) ? hold(folder, username) : null;
        SessionGrant grant;
        Runnable resume;
        try {
            Optional<Identity> local;
            try {
                local = IdentityStore.load(folder, username, password);
            } catch (IdentityException locked) {
                // Most likely a mistyped password: let the registry say so, in its words, with its limits.
                registry.login(username, password, null);
                registry.logout();
                throw locked;
            }
            Identity id = local.orElseGet(() -> Identity.create(username));
            try {
                grant = registry.login(username, password, new DeviceKey(id.publicKeyText(), id.privateKey()),
                        held == null ? null : held.resumeToken(registry.addresses().toString()).orElse(null));
            } catch (RegistryRefusedException e) {
                if (e.identityKeyMismatch()) {
                    throw new IdentityException(local.isPresent()
                            ? "the identity key in " + IdentityStore.file(folder) + " is not the one the registry holds for "
                                + username + " — this folder belongs to another account of that name; move it away,"
                                + " or copy the right one from the computer where you registered"
                            : Replies.noIdentityKeyHere(username, folder.getFileName().toString(),
                                home.dir() + java.io.File.separator));
                }
                throw e;
            }
            try {
                folder(username);
                if (held == null) {
                    held = hold(folder, username);
                }
                keepResumeToken(held, grant);
                if (local.isEmpty()) {
                    IdentityStore.save(folder, id, password);
                }
                synchronized (sessionLock) {
                    sessionFile = held;
                }
                resume = startPeers(grant.username(), folder, id);
            } catch (ClientException | RuntimeException e) {
                synchronized (sessionLock) {
                    sessionFile = null;
                }
                try {
                    registry.logout();
                } finally {
                    if (held != null) {
                        held.forget();
                    }
                }
                throw e;
            }
        } catch (ClientException | RuntimeException e) {
            if (held != null) {
                held.close();
            }
            throw e;
        }
        // Told first, then what the session brings back from disk and from the registry's mail:
        // "bob: …" under "arrived just before parley stopped" reads wrong above "logged in as".
        loggedIn.accept(grant);
        resume.run();
        return grant;
    }

    /** The account folder for this process, or why it cannot be had (another parley holds it). */
    private SessionFile hold(Path folder, String username) throws ClientException {
        try {
            return SessionFile.hold(folder)
                    .orElseThrow(() -> new ClientException(Replies.accountFolderInUse(username, folder)));
        } catch (IOException e) {
            Diagnostics.trace("holding the folder of " + username, e);
            throw new ClientException("cannot use the folder of " + username + " in " + home.dir() + ": "
                    + Diagnostics.reason(e));
        }
    }

    private void keepResumeToken(SessionFile held, SessionGrant grant) {
        if (held != null) {
            held.keep(registry.addresses().toString(), grant.resumeToken());
        }
    }

    /** The session is over (logged out, or the registry ended it): nothing to take back, and the folder is free. */
    private void letGoOfFolder() {
        SessionFile held;
        synchronized (sessionLock) {
            held = sessionFile;
            sessionFile = null;
        }
        if (held != null) {
            held.forget();
            held.close();
        }
    }

    /** Tells open conversations we leave, then ends the registry session. */
    @Override
    public void logout() throws RegistryException {
        stopPeers();
        try {
            registry.logout();
        } finally {
            letGoOfFolder();
        }
    }

    /** The conversations while logged in. */
    @Override
    public Optional<Conversations> conversations() {
        synchronized (sessionLock) {
            return Optional.ofNullable(conversations);
        }
    }

    /** The rooms while logged in, or the reason there are none. */
    @Override
    public Rooms requireRooms() throws ClientException {
        synchronized (sessionLock) {
            if (rooms == null) {
                throw new ClientException("log in first — /login NAME");
            }
            return rooms;
        }
    }

    /** The buffers: which conversation or room is current, and unread counts elsewhere. */
    @Override
    public Buffers buffers() {
        return buffers;
    }


    /** The conversations, or the reason there are none. */
    @Override
    public Conversations requireConversations() throws ClientException {
        return conversations().orElseThrow(() -> new ClientException("log in first — /login NAME"));
    }

    /** This user's identity while logged in. */
    @Override
    public Optional<Identity> identity() {
        synchronized (sessionLock) {
            return Optional.ofNullable(identity);
        }
    }

    /** The user folder of this account, with the files that belong to it (keys, pins, history). */
    @Override
    public Path folder(String username) throws ClientException {
        try {
            return home.userFolder(username);
        } catch (IOException | IllegalArgumentException e) {
            Diagnostics.trace("creating the folder of " + username, e);
            throw new ClientException("cannot use the folder of " + username + " in " + home.dir() + ": "
                    + Diagnostics.reason(e));
        }
    }

    /** Where the user folder of this account is, without creating it. */
    private Path folderPath(String username) throws ClientException {
        try {
            return home.userFolderPath(username);
        } catch (IllegalArgumentException e) {
            throw new ClientException("cannot use the folder of " + username + " in " + home.dir() + ": "
                    + Diagnostics.reason(e));
        }
    }

    /**
     * Connects to the registry (and pins its certificate on first use) before the first command,
     * so that a wrong address or a registry that is not running is reported at once, not at the
     * first command. In plain mode a failure is only told (a script's output stays in order, and
     * every command that needs the registry tries again); the interactive shell also keeps trying
     * in the background, its prompt showing it meanwhile.
     */
    public void connectAtStart() {
        try {
            if (plain) {
                registry.connect();
            } else {
                registry.connectOrKeepTrying();
            }
        } catch (RegistryException e) {
            show(NoticeKind.ERROR, Replies.error(e.getMessage()));
        }
    }

    /** The registry session ended without /logout (reconnecting gave up): the peers go too. */
    public void sessionLost() {
        stopPeers();
        letGoOfFolder();
    }

    /** True once the user asked to quit (or input ended); the shell stops reading. */
    @Override
    public boolean leaving() {
        return leaving;
    }

    /** Logs out if logged in, then asks the shell to stop. Safe to call twice. */
    @Override
    public void leave() {
        leaving = true;
        if (registry.username().isPresent()) {
            try {
                logout();
                show(NoticeKind.SUCCESS, Replies.loggedOut());
            } catch (RegistryException e) {
                show(NoticeKind.ERROR, Replies.error(e.getMessage()));
            }
        } else {
            stopPeers();
        }
    }

    /** Held while a watch list goes to the registry, so lists are sent one at a time. */
    private final Object watching = new Object();

    /**
     * Starts the session's conversations, rooms and peer node; returns what resumes it once the
     * user has been told they are logged in: conversations left with messages waiting, the mail
     * held at the registry, and the watch list.
     */
    private Runnable startPeers(String username, Path folder, Identity id) throws ClientException {
        PeerListener listener = registry.peerListener()
                .orElseThrow(() -> new IllegalStateException("logged in without a peer listener"));
        Path logs;
        try {
            logs = home.conversationsFolder(username);
        } catch (IOException e) {
            throw new ClientException("cannot create the conversations folder of " + username + ": "
                    + Diagnostics.reason(e));
        }
        Path roomLogs;
        try {
            roomLogs = home.roomsFolder(username);
        } catch (IOException e) {
            throw new ClientException("cannot create the rooms folder of " + username + ": " + Diagnostics.reason(e));
        }
        buffers.onChange(() -> stateChanged.run());
        ChatNotices notices = new ChatNotices(screen, clock);
        Conversations c = new Conversations(username, logs, buffers, notices, clock, plain);
        Rooms r = new Rooms(username, roomLogs, registry, buffers, notices, clock, plain);
        IdentityCheck keys = new IdentityCheck(new KnownPeers(folder.resolve("known_peers")));
        PeerNode n = new PeerNode(id, listener.socket(), registry::search, keys, new PeerRouter(c, r),
                new PeerNode.Observer() {
                    @Override
                    public void refusedLink(String claimed, String from, String reason) {
                        show(NoticeKind.WARNING, Replies.refusedPeerLink(claimed, from, reason));
                    }

                    @Override
                    public void flooded(String from) {
                        show(NoticeKind.WARNING, Replies.peerPortFlooded(from));
                    }
                });
        c.attach(n);
        r.attach(n);
        c.flushAlso(r::flush);
        registry.onEvent(event -> {
            switch (event) {
                case RegistryEvent.Mail mail -> c.mailArrived(mail.envelope());
                case RegistryEvent.Receipt receipt -> c.receiptArrived(receipt.receipt());
                default -> r.registryEvent(event);
            }
        });
        // The registry tells when someone we have an open conversation with comes online: their
        // waiting messages go out then, without anyone typing.
        registry.onPresence(change -> {
            if (change.online()) {
                c.peerIsBack(change.user());
            }
        });
        c.onWatchedChanged(() -> watch(c));
        // A session won back may be a new one that kept nothing: the rooms follow the registry's word.
        // What came through the registry meanwhile (mail, receipts) is fetched as well.
        registry.onRenewal(grant -> {
            SessionFile held;
            synchronized (sessionLock) {
                held = sessionFile;
            }
            keepResumeToken(held, grant); // a renewed session has a token of its own
            grant.rooms().ifPresent(r::reconcile);
            c.fetchMail();
        });
        synchronized (sessionLock) {
            conversations = c;
            rooms = r;
            node = n;
            identity = id;
        }
        n.start();
        // Each step on its own: "logged in as" is on the screen by now, so one that fails must not
        // leave the session without the others (mail and relaying off until the next login).
        return () -> {
            resumeStep("bringing back the conversations left waiting", c::resumeWaiting);
            resumeStep("taking up mail", () -> c.attachMail(id, registry, keys, r));
            resumeStep("watching the conversations' peers", () -> watch(c));
        };
    }

    private static void resumeStep(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            Diagnostics.trace(what + " after login", e);
        }
    }

    /**
     * Sends the registry the people whose coming online matters (open conversations), off the
     * caller's thread: it is a registry call, and it is asked for from peer-link threads too.
     */
    private void watch(Conversations c) {
        List<String> watched = c.watched();
        Thread.ofVirtual().name("watch").start(() -> {
            synchronized (watching) {
                try {
                    registry.watch(watched);
                } catch (RegistryException | IllegalArgumentException e) {
                    Diagnostics.trace("watching " + watched.size() + " users", e);
                }
            }
        });
    }

    private void stopPeers() {
        Conversations c;
        Rooms r;
        PeerNode n;
        synchronized (sessionLock) {
            c = conversations;
            r = rooms;
            n = node;
            conversations = null;
            rooms = null;
            node = null;
            identity = null;
        }
        if (c != null) {
            c.close();
        }
        if (r != null) {
            r.close();
        }
        buffers.clear();
        if (n != null) {
            n.close();
        }
        stateChanged.run();
    }
}
