package dev.parley.client.registry;

import dev.parley.client.ClientException;

/** A registry operation failed; the message says why in words a person can act on. */
public class RegistryException extends ClientException {
    private static final long serialVersionUID = 1L;

    public RegistryException(String reason) {
        super(reason);
    }

    public RegistryException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
