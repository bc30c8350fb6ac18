package dev.parley.registry.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes {@link RegistrySettings} injectable; read once per deployment. */
@ApplicationScoped
public class SettingsProducer {
    private final RegistrySettings settings = RegistrySettings.fromSystemProperties();

    @Produces
    public RegistrySettings settings() {
        return settings;
    }
}
