package dev.parley.registry.schema;

import dev.parley.registry.account.Account;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the database schema up to date with the Flyway migrations before anything serves requests. */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {
    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "java:jboss/datasources/ParleyDS")
    private DataSource dataSource;

    @PostConstruct
    void migrate() {
        // The migrations live beside the entities (registry-jpa), so load them with that jar's class loader.
        MigrateResult result = Flyway.configure(Account.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        // Flyway reports no target version when nothing was pending; the schema is then already current.
        LOG.info(() -> result.migrationsExecuted == 0 ? "database schema is up to date"
                : "database schema migrated to version " + result.targetSchemaVersion
                        + " (" + result.migrationsExecuted + " migrations applied)");
    }
}
