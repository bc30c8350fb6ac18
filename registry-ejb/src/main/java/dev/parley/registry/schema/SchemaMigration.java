package dev.parley.registry.schema;

import dev.parley.registry.account.Account;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema up to date with the Flyway migrations before anything serves
 * requests, and says which database that is: the operator's check that the registry uses the one
 * they meant.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {
    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());
    /** A password given in the URL's parameters (PostgreSQL {@code ?password=}, H2 {@code ;PASSWORD=}). */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");

    @Resource(lookup = "java:jboss/datasources/ParleyDS")
    private DataSource dataSource;

    @PostConstruct
    void migrate() {
        String database = describe(dataSource);
        // The migrations live beside the entities (registry-jpa), so load them with that jar's class loader.
        MigrateResult result = Flyway.configure(Account.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        // Flyway reports no target version when nothing was pending; the schema is then already current.
        LOG.info(() -> "database " + database + ": " + (result.migrationsExecuted == 0
                ? "schema is up to date" + (result.initialSchemaVersion == null ? "" : " (version " + result.initialSchemaVersion + ")")
                : "schema migrated to version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                        + " migrations applied)"));
    }

    /** The database's URL without a password, product and version, and user, e.g. {@code jdbc:h2:file:/srv/parley/registry (H2 2.2.224), user sa}. */
    static String describe(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            return withoutPassword(meta.getURL()) + " (" + meta.getDatabaseProductName() + " "
                    + meta.getDatabaseProductVersion() + "), user " + meta.getUserName();
        } catch (SQLException e) {
            // Flyway, connecting next, fails with the reason; this only names the database.
            return "ParleyDS";
        }
    }

    /** {@code url} with the value of any password parameter replaced by {@code ***}. */
    static String withoutPassword(String url) {
        return url == null ? "(URL unknown)" : PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    }
}
