package dev.parley.registry.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Makes {@link RegistrySettings} injectable: read once per deployment through MicroProfile Config,
 * checked (a start with a bad value fails, each bad value on its own line), and what was set
 * logged once.
 */
@ApplicationScoped
public class SettingsProducer {
    private static final Logger LOG = Logger.getLogger(SettingsProducer.class.getName());

    private RegistrySettings settings;

    @PostConstruct
    void read() {
        Config config = ConfigProvider.getConfig(SettingsProducer.class.getClassLoader());
        SettingsReader reader = new SettingsReader(name -> config.getOptionalValue(name, String.class));
        try {
            settings = RegistrySettings.read(reader);
        } catch (InvalidSettingsException e) {
            e.problems().forEach(p -> LOG.severe("setting not valid: " + p));
            throw e;
        }
        LOG.info(() -> reader.given().isEmpty() ? "settings: the defaults"
                : "settings: the defaults, except " + String.join(", ", reader.given()));
    }

    @Produces
    public RegistrySettings settings() {
        return settings;
    }
}
