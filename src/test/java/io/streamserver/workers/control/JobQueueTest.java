package io.streamserver.workers.control;

import io.streamserver.platform.control.SchemaMigrations;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The claim's statement on the migrated H2 schema: which job is the head of the queue. */
class JobQueueTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private JdbcDataSource database;

    @BeforeEach
    void migratedDatabase() {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrations.flyway(database, false).migrate();
    }

    @Test
    void urgentThenNormalThenBackgroundOldestFirst() throws SQLException {
        insert("background-old", "Pending", 2, NOW.minusSeconds(60), null);
        insert("normal-new", "Pending", 1, NOW.minusSeconds(10), null);
        insert("normal-old", "Pending", 1, NOW.minusSeconds(20), null);
        insert("urgent-new", "Pending", 0, NOW.minusSeconds(1), null);

        assertEquals(Optional.of("urgent-new"), head(List.of()));
        assertEquals(Optional.of("normal-old"), head(List.of("urgent-new")));
        assertEquals(Optional.of("normal-new"), head(List.of("urgent-new", "normal-old")));
        assertEquals(Optional.of("background-old"), head(List.of("urgent-new", "normal-old", "normal-new")));
    }

    @Test
    void aProcessingJobIsTheHeadOnlyOnceItsLeaseExpired() throws SQLException {
        insert("held", "Processing", 0, NOW.minusSeconds(60), NOW.plusSeconds(1));
        insert("done", "Completed", 0, NOW.minusSeconds(60), null);
        assertEquals(Optional.empty(), head(List.of()));

        insert("expired", "Processing", 0, NOW.minusSeconds(50), NOW.minusMillis(1));
        insert("of-before-leases", "Processing", 0, NOW.minusSeconds(40), null);

        assertEquals(Optional.of("expired"), head(List.of()));
        assertEquals(Optional.of("of-before-leases"), head(List.of("expired")));
    }

    private Optional<String> head(List<String> passedOver) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement head = connection.prepareStatement(JobQueue.head(passedOver.size()).replaceAll("\\?\\d+", "?"))) {
            connection.setAutoCommit(false);
            head.setObject(1, NOW.atOffset(ZoneOffset.UTC));
            for (int i = 0; i < passedOver.size(); i++) {
                head.setString(i + 2, passedOver.get(i));
            }
            try (ResultSet rows = head.executeQuery()) {
                Optional<String> id = rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                connection.rollback();
                return id;
            }
        }
    }

    private void insert(String id, String status, int rank, Instant created, Instant lease) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO TRANSCODE_JOB"
                     + " (ID, STATUS, PRIORITY, PRIORITY_RANK, TRACK_ID, CREATED_AT, LEASE_EXPIRES_AT) VALUES (?, ?, 'x', ?, 't', ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, status);
            insert.setInt(3, rank);
            insert.setObject(4, OffsetDateTime.ofInstant(created, ZoneOffset.UTC));
            insert.setObject(5, lease == null ? null : OffsetDateTime.ofInstant(lease, ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }
}
