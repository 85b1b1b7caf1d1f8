package io.streamserver.platform.control;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Brings the default data source's schema up to date with Flyway (db/migration, and {@link TimestampColumns}) when the
 * application starts, before any other start-up observer queries it; the JPA provider generates no DDL. A database
 * that an older build made, with its tables but without Flyway's history, is recorded at version 1 and upgraded in
 * place. The Jakarta Batch repository's tables in the same schema are the batch runtime's own, and left alone.
 */
@ApplicationScoped
public class SchemaMigrations {

    private static final System.Logger LOG = System.getLogger(SchemaMigrations.class.getName());
    /** A table that version 1 created, and that only a database made by this application has. */
    static final String FIRST_TABLE = "TRANSCODE_JOB";

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object started)
            throws SQLException {
        MigrateResult result = flyway(dataSource, hasTable(dataSource, FIRST_TABLE)).migrate();
        LOG.log(Level.INFO, "database schema at version {0} ({1} migrations applied)",
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    /**
     * The batch runtime may have made its tables before this runs, so the schema is not empty even when it has none
     * of ours: then the baseline is version 0 and every migration runs; with the tables of before Flyway, version 1.
     */
    public static Flyway flyway(DataSource dataSource, boolean madeBeforeFlyway) {
        return Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(new TimestampColumns())
                .baselineOnMigrate(true)
                .baselineVersion(madeBeforeFlyway ? "1" : "0")
                .baselineDescription(madeBeforeFlyway ? "the schema that EclipseLink generated before Flyway" : "empty")
                .load();
    }

    /** Whether the schema has the table, under any case: H2 folds names to upper case, PostgreSQL to lower. */
    static boolean hasTable(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, null, new String[]{"TABLE"})) {
            while (tables.next()) {
                if (tables.getString("TABLE_NAME").equalsIgnoreCase(table)) {
                    return true;
                }
            }
            return false;
        }
    }
}
