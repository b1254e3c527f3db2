package dev.freshet.infra.server;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real PostgreSQL server from the binaries in {@link PostgresBinaries}, data in {@code postgres/data},
 * listening on 127.0.0.1 only with scram-sha-256 passwords. Run as root, it starts inside a user
 * namespace ({@code unshare --user}), because PostgreSQL refuses to run as root.
 */
public final class PostgresServer extends LocalServer {

    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final boolean durable;
    private Path installDir;

    public PostgresServer(Path baseDir, int port, String database, String user, String password, boolean durable) {
        super("postgres", baseDir);
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.durable = durable;
    }

    @Override
    public String title() {
        return "PostgreSQL";
    }

    @Override
    public List<PortBinding> ports() {
        return List.of(new PortBinding("PostgreSQL", port, "PG_PORT"));
    }

    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    private String jdbcUrl(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
    }

    @Override
    public String address() {
        return jdbcUrl();
    }

    @Override
    public Map<String, String> endpoint() {
        return Map.of("DB_JDBC_URL", jdbcUrl(), "DB_USER", user, "DB_PASSWORD", password);
    }

    private Path dataDir() {
        return dir().resolve("data");
    }

    @Override
    public void prepare() throws IOException, InterruptedException {
        installDir = PostgresBinaries.installDir();
        Files.createDirectories(dir());
        if (Files.exists(dataDir().resolve("PG_VERSION"))) {
            return;
        }
        Path passwordFile = dir().resolve("initdb.pw");
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password);
        try {
            List<String> initdb = new ArrayList<>(asUnprivileged());
            initdb.addAll(List.of(installDir.resolve("bin/initdb").toString(), "--pgdata", dataDir().toString(),
                    "--username", user, "--pwfile", passwordFile.toString(), "--encoding", "UTF8", "--locale", "C",
                    "--auth-host", "scram-sha-256", "--auth-local", "scram-sha-256"));
            if (!durable) {
                initdb.add("--no-sync");
            }
            ServerProcesses.runToCompletion(initdb, dir(), logFile(), Duration.ofSeconds(120));
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    @Override
    public List<String> command() {
        List<String> command = new ArrayList<>(asUnprivileged());
        command.addAll(List.of(installDir.resolve("bin/postgres").toString(), "-D", dataDir().toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                // TCP only: socket paths under a deep test folder would exceed the 107-byte limit.
                "-c", "unix_socket_directories=",
                "-c", "max_connections=200"));
        if (!durable) {
            for (String setting : List.of("fsync=off", "synchronous_commit=off", "full_page_writes=off")) {
                command.add("-c");
                command.add(setting);
            }
        }
        return command;
    }

    @Override
    public StopSignal stopSignal() {
        return StopSignal.INT;
    }

    @Override
    public boolean isReady() {
        if (!Ports.isListening(port)) {
            return false;
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "2");
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), props)) {
            createDatabaseIfAbsent(connection);
            return true;
        } catch (SQLException e) {
            // "the database system is starting up" and refused connections both mean: not yet.
            return false;
        }
    }

    private void createDatabaseIfAbsent(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement create = connection.createStatement()) {
            // The name comes from our own settings; quoted as an identifier all the same.
            create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
        }
    }

    /** PostgreSQL will not run as root; a user namespace makes it an ordinary user without sudo. */
    private static List<String> asUnprivileged() {
        return new UnixSystem().getUid() == 0 ? List.of("unshare", "--user") : List.of();
    }
}
