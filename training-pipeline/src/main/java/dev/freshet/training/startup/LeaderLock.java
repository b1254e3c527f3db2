package dev.freshet.training.startup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * One trainer at a time: a PostgreSQL session-level advisory lock held on a connection of its own. The lock
 * goes when that session ends, so a trainer that dies (even by SIGKILL) frees it at once, and one that is
 * paused keeps it: a second trainer stands by instead of training the same models. Before each publish the
 * holder checks it still has it.
 */
public final class LeaderLock implements AutoCloseable {

    private static final String TRY = "SELECT pg_try_advisory_lock(hashtext('freshet'), hashtext(?))";
    private static final String HOLDER = """
            SELECT a.application_name, a.client_addr, a.backend_start FROM pg_locks l
            JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = hashtext('freshet')::oid
            AND l.objid = hashtext(?)::oid""";

    private final String name;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final int checkSeconds;
    private Connection session;
    private boolean acquired;

    /**
     * @param checkTimeout how long {@link #held()} waits for the session to answer: a stall shorter than this is
     *                     waited out rather than taken for the lock lost
     */
    public LeaderLock(String name, String jdbcUrl, String user, String password, java.time.Duration checkTimeout) {
        this.checkSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, checkTimeout.toSeconds()));
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public String name() {
        return name;
    }

    /** Takes the lock if nobody holds it. */
    public synchronized boolean tryAcquire() throws SQLException {
        if (session == null || !session.isValid(2)) {
            closeQuietly();
            Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", password);
            props.setProperty("ApplicationName", "freshet-training " + ProcessHandle.current().pid());
            props.setProperty("tcpKeepAlive", "true");
            session = DriverManager.getConnection(jdbcUrl, props);
        }
        try (PreparedStatement s = session.prepareStatement(TRY)) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                acquired = rs.getBoolean(1);
                return acquired;
            }
        }
    }

    /**
     * True while the session that took the lock is alive: a session-level advisory lock is only ever released
     * by its session, so a live session still holds it; a broken one has lost it.
     */
    public synchronized boolean held() {
        try {
            return acquired && session != null && session.isValid(checkSeconds);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Who holds the lock now, for the standby message. */
    public synchronized Optional<String> holder() {
        if (session == null) {
            return Optional.empty();
        }
        try (PreparedStatement s = session.prepareStatement(HOLDER)) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of("'" + rs.getString(1) + "' from " + rs.getString(2) + " since "
                        + rs.getTimestamp(3).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        acquired = false;
        if (session != null) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // the lock goes with the session either way
            }
            session = null;
        }
    }
}
