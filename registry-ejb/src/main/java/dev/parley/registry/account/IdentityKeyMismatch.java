package dev.parley.registry.account;

import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;
import jakarta.ejb.ApplicationException;

/**
 * A login presented an identity key other than the one the account holds: the password was right,
 * but the client is not the one the key was made on (or the key was replaced). No session follows.
 */
@ApplicationException(rollback = true)
public class IdentityKeyMismatch extends RequestRefused {
    private static final long serialVersionUID = 1L;

    public IdentityKeyMismatch(String username) {
        super(Status.FORBIDDEN, "this computer's identity key for " + username + " is not the one the registry holds");
    }
}
