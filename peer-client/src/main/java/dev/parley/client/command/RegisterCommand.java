package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import dev.parley.protocol.Credentials;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /register: creates an account and this computer's identity key for it, after asking for the password twice. */
@Command(name = "register", customSynopsis = "/register [NAME]",
        description = "create an account on the registry (asks for a password twice)")
public final class RegisterCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "NAME",
            description = "the username: 3-32 letters, digits, '.', '_' or '-' (asked for if left out)")
    String name;

    @Override
    public void run(Client client) throws ClientException {
        String username = Usernames.require(name != null ? name : client.prompter().ask(Replies.askUsername()));
        client.registry().connect();
        refuseIfTaken(client, username);
        char[] password = client.prompter().askSecret(Replies.askPassword(username));
        char[] again = null;
        try {
            // Checked before the second question, so a rule broken the first time costs one answer, not two.
            String problem = Credentials.passwordProblem(new String(password)).orElse(null);
            if (problem != null) {
                throw new ClientException(problem);
            }
            again = client.prompter().askSecret(Replies.askPasswordAgain());
            if (!Arrays.equals(password, again)) {
                throw new ClientException("the passwords do not match — nothing was registered");
            }
            String registered = client.register(username, password);
            client.show(NoticeKind.SUCCESS, Replies.registered(registered), registered);
        } finally {
            Arrays.fill(password, '\0');
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
    }

    /**
     * Says a taken name before any password is asked (USERNAME_CHECK needs no login). The name
     * can still be taken between this and the registration; then REGISTER's refusal says it, in
     * the same words.
     */
    private static void refuseIfTaken(Client client, String username) throws ClientException {
        client.registry().checkUsername(username);
    }
}
