package dev.parley.client.peer;

import dev.parley.client.ClientException;
import dev.parley.client.registry.UserPresence;
import java.util.Optional;

/** Where the peer node asks who a user is: the registry session in the program, a fake in tests. */
@FunctionalInterface
public interface PeerDirectory {
    /**
     * The registry's record of {@code username}; empty when there is no such user.
     *
     * @throws ClientException the registry cannot be asked now
     */
    Optional<UserPresence> lookup(String username) throws ClientException;
}
