package dev.parley.registry.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether a load balancer should send clients here: only while the gateway takes links and the
 * database answers (logins, rooms and mail all need it). {@code /health/ready} on the management
 * interface.
 */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {
    @Inject
    private GatewayStatus gateway;
    @Inject
    private DatabaseProbe database;

    @Override
    public HealthCheckResponse call() {
        boolean listening = gateway.listening();
        Optional<String> problem = database.problem();
        return HealthCheckResponse.named("parley-registry")
                .status(listening && problem.isEmpty())
                .withData("gateway", listening ? "listening" : "not listening")
                .withData("database", problem.orElse("answers"))
                .build();
    }
}
