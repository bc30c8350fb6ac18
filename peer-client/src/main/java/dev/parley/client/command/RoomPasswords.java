package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.render.Replies;
import dev.parley.protocol.RoomRules;
import java.util.Arrays;

/**
 * A new room password, asked twice as account passwords are at /register: a typo in a password
 * nobody can see would lock everyone out of the room, its host included.
 */
final class RoomPasswords {
    private RoomPasswords() {
    }

    /**
     * Asks {@code question}, then asks again; refuses with {@code mismatch} when the answers differ.
     * A password the room rules refuse is refused before the second question.
     */
    static String askTwice(Client client, String question, String mismatch) throws ClientException {
        char[] password = client.prompter().askSecret(question);
        char[] again = null;
        try {
            String problem = RoomRules.passwordProblem(new String(password)).orElse(null);
            if (problem != null) {
                throw new ClientException(problem);
            }
            again = client.prompter().askSecret(Replies.askPasswordAgain());
            if (!Arrays.equals(password, again)) {
                throw new ClientException(mismatch);
            }
            return new String(password);
        } finally {
            Arrays.fill(password, '\0');
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
    }
}
