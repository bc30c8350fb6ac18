package dev.parley.registry.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BooleanSupplier;

/**
 * Whether the gateway takes links and keepalives, as the gateway itself reports it. The health
 * checks live in a library of the EAR, which cannot see the EJB module's classes; the gateway
 * can see this one, and hands it the question to ask.
 */
@ApplicationScoped
public class GatewayStatus {
    private volatile BooleanSupplier listening = () -> false;

    /** The gateway, once it listens: how to ask it. */
    public void reportedBy(BooleanSupplier gatewayListening) {
        this.listening = gatewayListening;
    }

    /** The gateway has closed its listeners (the registry stops). */
    public void stopped() {
        this.listening = () -> false;
    }

    /** Whether both listeners are open and their threads run; false before the gateway started. */
    public boolean listening() {
        return listening.getAsBoolean();
    }
}
