package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.registry.SessionGrant;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /login: starts a session, so others can find this client, chat with it, and it stays online. */
@Command(name = "login", customSynopsis = "/login [NAME]",
        description = "log in and appear online (asks for the password)")
public final class LoginCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "your username (asked for if left out)")
    String name;

    @Override
    public void run(Client client) throws ClientException {
        // Checked before asking for a password the registry would refuse anyway.
        String current = client.registry().username().orElse(null);
        if (current != null) {
            throw new ClientException("already logged in as " + current + " — /logout first");
        }
        String username = Usernames.require(name != null ? name : client.prompter().ask(Replies.askUsername()));
        client.registry().connect();
        char[] password = client.prompter().askSecret(Replies.askPassword(username));
        SessionGrant grant;
        try {
            grant = client.login(username, password,
                    in -> client.show(NoticeKind.SUCCESS, Replies.loggedIn(in.username()), in.username()));
        } finally {
            Arrays.fill(password, '\0');
        }
        // Rooms the registry kept from the last session (it restarted meanwhile) are taken up.
        if (grant.rooms().isPresent()) {
            client.requireRooms().reconcile(grant.rooms().get());
        }
    }
}
