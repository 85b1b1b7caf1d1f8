package io.streamserver.platform.control;

import io.streamserver.Version03;
import jakarta.json.JsonObject;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The migrations on the H2 that Payara embeds: a new database, and one that version 0.3 made with real jobs. */
class SchemaMigrationsTest {

    @TempDir
    Path folder;

    @Test
    void aNewDatabaseBesideTheBatchRuntimesTablesGetsTheWholeSchema() throws SQLException {
        JdbcDataSource database = h2("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        execute(database, "CREATE TABLE JBATCHJOBINSTANCEDATA (JOBINSTANCEID BIGINT PRIMARY KEY, NAME VARCHAR(512))");
        assertFalse(SchemaMigrations.hasTable(database, SchemaMigrations.FIRST_TABLE));

        SchemaMigrations.flyway(database, false).migrate();

        assertTimeColumnsAreTimestamps(database);
        assertTrue(SchemaMigrations.hasTable(database, "SEGMENT"));
        assertTrue(SchemaMigrations.hasTable(database, "JOB_RENDITION"));
        assertEquals(0, SchemaMigrations.flyway(database, true).migrate().migrationsExecuted, "nothing left to apply");
    }

    @Test
    void aDatabaseOfVersion03IsUpgradedInPlaceKeepingEveryTime() throws Exception {
        Path data = Version03.unzipDataDirectory(folder);
        JdbcDataSource database = h2("jdbc:h2:" + data.resolve("database/stream"));
        assertTrue(SchemaMigrations.hasTable(database, SchemaMigrations.FIRST_TABLE));

        SchemaMigrations.flyway(database, true).migrate();

        assertTimeColumnsAreTimestamps(database);
        Map<String, JsonObject> before = Version03.jobs();
        try (Connection connection = database.getConnection(); Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT ID, CREATED_AT, STARTED_AT, COMPLETED_AT, OUTPUT_EXPIRED_AT FROM TRANSCODE_JOB")) {
            int count = 0;
            while (rows.next()) {
                JsonObject job = before.get(rows.getString("ID"));
                assertEquals(micros(job, "created_at"), instant(rows, "CREATED_AT"));
                assertEquals(micros(job, "started_at"), instant(rows, "STARTED_AT"));
                assertEquals(micros(job, "completed_at"), instant(rows, "COMPLETED_AT"));
                assertEquals(null, instant(rows, "OUTPUT_EXPIRED_AT"));
                count++;
            }
            assertEquals(before.size(), count);
        }
        try (Connection connection = database.getConnection(); Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT P.LAST_SEQUENCE, P.COVERED_S, (SELECT COUNT(*) FROM SEGMENT S"
                     + " WHERE S.JOB_ID = P.JOB_ID AND S.RENDITION = P.RENDITION) FROM RENDITION_PROGRESS P")) {
            int renditions = 0;
            while (rows.next()) {
                assertEquals(rows.getInt(3), rows.getInt(1), "each rendition resumes after its last segment of before");
                assertTrue(rows.getDouble(2) > 0);
                renditions++;
            }
            assertEquals(4, renditions, "the single, the ladder's two rungs, the normalised job");
        }
    }

    @Test
    void onlyASerializedInstantIsRead() throws Exception {
        Instant instant = Instant.parse("2026-01-02T03:04:05.123456789Z");
        assertEquals(instant, TimestampColumns.deserialize(serialized(instant)));
        assertThrows(IOException.class, () -> TimestampColumns.deserialize(serialized(new java.util.Date())));
    }

    private static void assertTimeColumnsAreTimestamps(JdbcDataSource database) throws SQLException {
        try (Connection connection = database.getConnection();
             ResultSet columns = connection.getMetaData().getColumns(null, null, "TRANSCODE_JOB", null)) {
            Map<String, String> types = new HashMap<>();
            while (columns.next()) {
                types.put(columns.getString("COLUMN_NAME"), columns.getString("TYPE_NAME"));
            }
            for (String column : TimestampColumns.COLUMNS) {
                assertEquals("TIMESTAMP WITH TIME ZONE", types.get(column), column);
            }
        }
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Instant micros(JsonObject job, String field) {
        return job.isNull(field) ? null : Instant.parse(job.getString(field)).truncatedTo(ChronoUnit.MICROS);
    }

    private static JdbcDataSource h2(String url) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(url);
        return database;
    }

    private static void execute(JdbcDataSource database, String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static byte[] serialized(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
