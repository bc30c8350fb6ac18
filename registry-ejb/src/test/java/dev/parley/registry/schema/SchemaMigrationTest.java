package dev.parley.registry.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SchemaMigrationTest {
    @Test
    void theDatabaseUrlIsShownWithoutItsPassword() {
        assertEquals("jdbc:postgresql://db:5432/parley?user=parley&password=***&ssl=true",
                SchemaMigration.withoutPassword("jdbc:postgresql://db:5432/parley?user=parley&password=s3cr3t&ssl=true"));
        assertEquals("jdbc:h2:file:/srv/registry;MODE=PostgreSQL;PASSWORD=***",
                SchemaMigration.withoutPassword("jdbc:h2:file:/srv/registry;MODE=PostgreSQL;PASSWORD=sa"));
        assertEquals("jdbc:postgresql://db:5432/parley", SchemaMigration.withoutPassword("jdbc:postgresql://db:5432/parley"));
    }
}
