package dev.parley.registry;

import java.sql.SQLException;

/** Tells a database constraint violation (a race the database decided) from other persistence failures. */
public final class Constraints {

    private Constraints() {
    }

    /** True when {@code e} was caused by an integrity constraint violation (SQLSTATE class 23: unique, foreign key, check). */
    public static boolean violated(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }
}
