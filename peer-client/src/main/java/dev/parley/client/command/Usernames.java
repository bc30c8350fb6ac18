package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.protocol.Credentials;

/** The username check every command makes before asking the registry, for a quick, exact answer. */
final class Usernames {
    private Usernames() {
    }

    static String require(String username) throws ClientException {
        String problem = Credentials.usernameProblem(username).orElse(null);
        if (problem != null) {
            throw new ClientException(problem);
        }
        return username;
    }
}
