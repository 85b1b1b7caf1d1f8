package io.streamserver.platform.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Secrets that the server generates when none is configured, kept in the database (GENERATED_SECRET) so that every
 * server sharing it signs with the same one, whatever its data directory. The first server to insert a secret is its
 * author; the others read its row. A data directory that already holds the secret's file (an install of before, or a
 * shared folder) gives the database that value, so that tokens and webhook receivers of before keep working. Read
 * once, then kept in memory.
 */
@ApplicationScoped
public class GeneratedSecrets {

    private static final System.Logger LOG = System.getLogger(GeneratedSecrets.class.getName());
    /** SQLSTATE of a unique constraint's violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";
    static final String SELECT = "SELECT SECRET FROM GENERATED_SECRET WHERE NAME = ?";
    static final String INSERT = "INSERT INTO GENERATED_SECRET (NAME, SECRET, CREATED_AT) VALUES (?, ?, ?)";

    /** Outside any transaction, a connection of it commits each statement by itself. */
    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Inject
    DataDirectory data;

    private final ConcurrentMap<String, byte[]> known = new ConcurrentHashMap<>();

    /**
     * The secret of that name, which the data directory's file of that name held before: from the database, or put
     * there now. Never in the caller's transaction, which a lost race would spoil on PostgreSQL.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public byte[] secret(String name, int bytes) {
        return known.computeIfAbsent(name, n -> load(n, bytes)).clone();
    }

    private byte[] load(String name, int bytes) {
        try {
            Optional<String> stored = read(name);
            Optional<String> file = data.secretFile(name);
            if (stored.isEmpty()) {
                String candidate = file.orElseGet(() -> fresh(bytes));
                if (insert(name, candidate)) {
                    LOG.log(Level.INFO, "the secret {0} is now kept in the database, {1}", name,
                            file.isPresent() ? "from the data directory's file" : "generated");
                }
                stored = read(name);
            }
            String value = stored.orElseThrow(() -> new IllegalStateException("the secret " + name + " was inserted, "
                    + "but cannot be read back"));
            if (file.isPresent() && !file.get().equals(value)) {
                LOG.log(Level.WARNING, "the data directory''s {0} differs from the database''s, which every server "
                        + "uses; the file is ignored", name);
            }
            return Base64.getDecoder().decode(value);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read or store the generated secret " + name, e);
        }
    }

    private Optional<String> read(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Whether this server's row went in, in a statement that commits by itself. Plain JDBC, because a lost race
     * between servers starting at once is routine, and both JPA providers log a violated constraint as an error.
     */
    private boolean insert(String name, String value) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, name);
            insert.setString(2, value);
            insert.setObject(3, Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static String fresh(int bytes) {
        byte[] secret = new byte[bytes];
        new SecureRandom().nextBytes(secret);
        try {
            return Base64.getEncoder().encodeToString(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
