package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.chat.Buffers;
import dev.parley.client.chat.Conversations;
import dev.parley.client.chat.Rooms;
import dev.parley.client.identity.Identity;
import dev.parley.client.registry.RegistryException;
import dev.parley.client.registry.RegistrySession;
import dev.parley.client.registry.SessionGrant;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What slash commands act on: the registry session, the conversations and rooms while logged in,
 * the screen, questions to the user, this account's folder. The program's {@code app.ChatClient}
 * is the one; the shell hands it to every command.
 */
public interface Client {
    RegistrySession registry();

    /** Asks the user for a name or a password. */
    Prompter prompter();

    /** Local time zone and today's date, for showing times the registry sends in UTC. */
    Clock clock();

    /** A notice of {@code kind}; {@code nicks} are the user names in it. */
    void show(NoticeKind kind, String text, String... nicks);

    /** Keeps the names of an /online answer for tab completion. */
    void rememberOnline(List<String> names);

    /** Registers {@code username} with this computer's identity key (made if there is none); returns the name as registered. */
    String register(String username, char[] password) throws ClientException;

    /**
     * Logs in with this computer's identity key, then starts accepting and opening peer links;
     * {@code loggedIn} runs once the session is up, before anything it brings back (conversations
     * left waiting, mail) is shown.
     */
    SessionGrant login(String username, char[] password, Consumer<SessionGrant> loggedIn) throws ClientException;

    /** Tells open conversations we leave, then ends the registry session. */
    void logout() throws RegistryException;

    /** Logs out if logged in, then asks the shell to stop. Safe to call twice. */
    void leave();

    /** True once the user asked to quit (or input ended); the shell stops reading. */
    boolean leaving();

    /** The conversations while logged in. */
    Optional<Conversations> conversations();

    /** The conversations, or the reason there are none. */
    Conversations requireConversations() throws ClientException;

    /** The rooms while logged in, or the reason there are none. */
    Rooms requireRooms() throws ClientException;

    /** The buffers: which conversation or room is current, and unread counts elsewhere. */
    Buffers buffers();

    /**
     * /accept and /reject: answers a room invitation when NAME is {@code #ROOM}, or when it names the
     * inviter and no chat request from them is waiting; otherwise that user's chat request.
     */
    default void answer(String name, boolean yes) throws ClientException {
        var invitation = requireRooms().invitationFor(name);
        if (invitation.isPresent() && (name.startsWith("#") || !requireConversations().hasRequestFrom(name))) {
            requireRooms().answerInvitation(invitation.get(), yes);
            return;
        }
        if (name.startsWith("#")) {
            throw new ClientException(Replies.noInvitation(name.substring(1)));
        }
        String user = Usernames.require(name);
        if (yes) {
            requireConversations().accept(user);
        } else {
            requireConversations().reject(user);
        }
    }

    /** A typed line that is not a command: a message to the current conversation or room. */
    default void sendText(String text) throws ClientException {
        String buffer = buffers().current().orElseThrow(() -> new ClientException(Replies.notInConversation()));
        if (buffer.startsWith("#")) {
            requireRooms().send(buffer, text);
        } else {
            requireConversations().sendTo(buffer, text);
        }
    }

    /** This user's identity while logged in. */
    Optional<Identity> identity();

    /** The user folder of this account, with the files that belong to it (keys, pins, history); made if missing. */
    Path folder(String username) throws ClientException;
}
