package dev.parley.registry.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Whether the process is worth keeping: down once a listener has given up (its socket failed, and
 * no new link or keepalive will be taken until a restart). A database outage does not make the
 * registry dead, only not ready: restarting would not bring the database back.
 * {@code /health/live} on the management interface.
 */
@Liveness
@ApplicationScoped
public class RegistryLiveness implements HealthCheck {
    @Inject
    private GatewayStatus gateway;

    @Override
    public HealthCheckResponse call() {
        boolean listening = gateway.listening();
        return HealthCheckResponse.named("parley-gateway")
                .status(listening)
                .withData("gateway", listening ? "listening" : "not listening")
                .build();
    }
}
