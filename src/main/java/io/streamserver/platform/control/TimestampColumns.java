package io.streamserver.platform.control;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Migration 2: the job's times become TIMESTAMP WITH TIME ZONE. EclipseLink had stored each Instant as a serialized
 * Java object (BINARY VARYING on H2, bytea on PostgreSQL), which sorts only by accident; each value is read back
 * and written as the timestamp it was, to the microsecond that both databases keep. It is Java because SQL cannot read Java serialization.
 */
class TimestampColumns implements JavaMigration {

    static final List<String> COLUMNS = List.of("CREATED_AT", "STARTED_AT", "COMPLETED_AT", "OUTPUT_EXPIRED_AT");
    /** Only the serialized form of an Instant is read: java.time.Ser, which resolves to an Instant, and nothing else. */
    private static final ObjectInputFilter INSTANT_ONLY = ObjectInputFilter.Config.createFilter("java.time.Ser;java.time.Instant;!*");

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "times as timestamps with time zone";
    }

    @Override
    public Integer getChecksum() {
        return 2;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException, IOException, ClassNotFoundException {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("DROP INDEX TRANSCODE_JOB_NEWEST");
            for (String column : COLUMNS) {
                ddl.execute("ALTER TABLE TRANSCODE_JOB ADD COLUMN " + column + "_TZ TIMESTAMP WITH TIME ZONE");
                convert(connection, column);
                ddl.execute("ALTER TABLE TRANSCODE_JOB DROP COLUMN " + column);
                ddl.execute("ALTER TABLE TRANSCODE_JOB RENAME COLUMN " + column + "_TZ TO " + column);
            }
            ddl.execute("ALTER TABLE TRANSCODE_JOB ALTER COLUMN CREATED_AT SET NOT NULL");
            ddl.execute("CREATE INDEX TRANSCODE_JOB_NEWEST ON TRANSCODE_JOB (CREATED_AT, ID)");
        }
    }

    private static void convert(Connection connection, String column) throws SQLException, IOException, ClassNotFoundException {
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT ID, " + column + " FROM TRANSCODE_JOB WHERE " + column + " IS NOT NULL");
             PreparedStatement update = connection.prepareStatement("UPDATE TRANSCODE_JOB SET " + column + "_TZ = ? WHERE ID = ?")) {
            while (rows.next()) {
                update.setObject(1, deserialize(rows.getBytes(2)).truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
                update.setString(2, rows.getString(1));
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    static Instant deserialize(byte[] serialized) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized))) {
            in.setObjectInputFilter(INSTANT_ONLY);
            return (Instant) in.readObject();
        }
    }
}
