package dev.parley.client.identity;

import dev.parley.client.ClientException;

/** The identity key cannot be made, read or trusted; the message says why and what to do. */
public final class IdentityException extends ClientException {
    private static final long serialVersionUID = 1L;

    public IdentityException(String message) {
        super(message);
    }
}
