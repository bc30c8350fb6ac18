package dev.parley.registry.flow;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jboss.shrinkwrap.resolver.api.maven.Maven;

/** The registry services, gateway, entities and migrations as one test archive, with the libraries the EAR ships. */
final class RegistryDeployment {

    private RegistryDeployment() {
    }

    static WebArchive create() {
        File[] libraries = Maven.resolver().loadPomFromFile("pom.xml")
                .resolve("org.flywaydb:flyway-core", "org.flywaydb:flyway-database-postgresql",
                        "org.bouncycastle:bcpkix-jdk18on")
                .withTransitivity().asFile();
        return ShrinkWrap.create(WebArchive.class, "parley-registry-test.war")
                .addPackages(true, "dev.parley.registry", "dev.parley.protocol")
                .addAsResource("META-INF/persistence.xml")
                .addAsResource("db/migration/V1__account.sql")
                .addAsResource("db/migration/V2__rooms.sql")
                .addAsResource("db/migration/V3__mail.sql")
                .addAsWebInfResource(new File("src/main/resources/META-INF/beans.xml"), "beans.xml")
                // As the EJB module's manifest says (the parent pom): the cluster's group and dispatcher.
                .setManifest(new StringAsset("Manifest-Version: 1.0\nDependencies: org.wildfly.clustering.server.api\n"))
                .addAsLibraries(libraries);
    }
}
