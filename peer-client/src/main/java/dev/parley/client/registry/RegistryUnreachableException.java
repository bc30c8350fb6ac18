package dev.parley.client.registry;

/** The registry could not be reached or the link to it broke: worth trying again later. */
public class RegistryUnreachableException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public RegistryUnreachableException(String reason) {
        super(reason);
    }

    public RegistryUnreachableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
