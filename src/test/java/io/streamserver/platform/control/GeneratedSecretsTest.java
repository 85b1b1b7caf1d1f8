package io.streamserver.platform.control;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Servers with data directories of their own on one database (a migrated H2 here): they race to generate a secret
 * and all get the one that won; a secret file of before is what goes into the database.
 */
class GeneratedSecretsTest {

    private static final String NAME = "playback-signing.key";

    @TempDir
    Path folder;

    private JdbcDataSource database;

    @BeforeEach
    void migratedDatabase() {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrations.flyway(database, false).migrate();
    }

    @Test
    void serversStartingTogetherAllGetTheOneSecretInTheDatabase() throws Exception {
        int servers = 8;
        CyclicBarrier atOnce = new CyclicBarrier(servers);
        ExecutorService threads = Executors.newFixedThreadPool(servers);
        try {
            List<Future<byte[]>> secrets = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                GeneratedSecrets server = server("server-" + i);
                secrets.add(threads.submit(() -> {
                    atOnce.await(30, TimeUnit.SECONDS);
                    return server.secret(NAME, 32);
                }));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<byte[]> secret : secrets) {
                byte[] bytes = secret.get(60, TimeUnit.SECONDS);
                assertEquals(32, bytes.length);
                distinct.add(Base64.getEncoder().encodeToString(bytes));
            }
            assertEquals(Set.of(stored(NAME)), distinct, "every server has the database's secret");
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, rows());
        for (int i = 0; i < servers; i++) {
            assertFalse(Files.exists(folder.resolve("server-" + i).resolve(NAME)), "no secret on disk");
        }
    }

    /** The other server inserts its secret after this one found none, and before this one inserts its own. */
    @Test
    void aServerThatLosesTheRaceToInsertTakesTheWinnersSecret() throws Exception {
        GeneratedSecrets winner = server("winner");
        GeneratedSecrets loser = server("loser");
        List<byte[]> won = new ArrayList<>();
        loser.data = new DataDirectory() {
            @Override
            Optional<String> secretFile(String fileName) {
                won.add(winner.secret(fileName, 32));
                return Optional.empty();
            }
        };

        byte[] secret = loser.secret(NAME, 32);

        assertEquals(1, won.size(), "the winner inserted in between");
        assertArrayEquals(won.get(0), secret);
        assertEquals(Base64.getEncoder().encodeToString(secret), stored(NAME));
        assertEquals(1, rows());
    }

    @Test
    void theSecretFileOfAnInstallOfBeforeIsTheOneThatEveryServerGets() throws Exception {
        byte[] before = new byte[32];
        before[0] = 42;
        Files.createDirectories(folder.resolve("old"));
        Files.writeString(folder.resolve("old").resolve(NAME), Base64.getEncoder().encodeToString(before) + "\n");

        assertArrayEquals(before, server("old").secret(NAME, 32), "tokens signed before stay valid");
        assertArrayEquals(before, server("new").secret(NAME, 32), "a server with a data directory of its own");
        assertEquals(Base64.getEncoder().encodeToString(before), stored(NAME));
    }

    @Test
    void theDatabasesSecretWinsOverAnotherServersFileAndIsReadOnce() throws Exception {
        GeneratedSecrets first = server("first");
        byte[] generated = first.secret(NAME, 32);
        Files.createDirectories(folder.resolve("other"));
        Files.writeString(folder.resolve("other").resolve(NAME), Base64.getEncoder().encodeToString(new byte[32]));

        assertArrayEquals(generated, server("other").secret(NAME, 32));
        assertNotEquals(Base64.getEncoder().encodeToString(generated),
                Base64.getEncoder().encodeToString(first.secret("webhook-signing.key", 32)), "each name has its own secret");
        assertEquals(2, rows());

        execute("DELETE FROM GENERATED_SECRET");
        assertArrayEquals(generated, first.secret(NAME, 32), "kept in memory once read");
    }

    private GeneratedSecrets server(String name) {
        GeneratedSecrets secrets = new GeneratedSecrets();
        secrets.dataSource = database;
        secrets.data = TestDataDirectory.at(folder.resolve(name));
        return secrets;
    }

    private String stored(String name) throws SQLException {
        try (Connection connection = database.getConnection(); Statement query = connection.createStatement();
             ResultSet row = query.executeQuery("SELECT SECRET FROM GENERATED_SECRET WHERE NAME = '" + name + "'")) {
            assertTrue(row.next(), "no row for " + name);
            return row.getString(1);
        }
    }

    private int rows() throws SQLException {
        try (Connection connection = database.getConnection(); Statement query = connection.createStatement();
             ResultSet row = query.executeQuery("SELECT COUNT(*) FROM GENERATED_SECRET")) {
            assertTrue(row.next());
            return row.getInt(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
