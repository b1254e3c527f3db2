package dev.freshet.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.infra.InfraEndpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server stopped for a fault test comes back on the same endpoint, with its data. */
@WithFreshetInfra
class TestServersIT {

    @AfterEach
    void restart() {
        TestServers.startStopped();
    }

    @Test
    void postgresStoppedRefusesConnectionsAndStartsAgainOnTheSamePortWithItsData(InfraEndpoints e) throws Exception {
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), e.dbPassword());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS kept (n INT)");
            s.execute("INSERT INTO kept VALUES (42)");
        }
        TestServers.stop(TestServers.POSTGRES);
        assertThatThrownBy(() -> DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), e.dbPassword()).close())
                .isInstanceOf(SQLException.class);

        TestServers.startStopped();

        assertThat(SharedInfra.endpoints()).isEqualTo(e);
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.dbUser(), e.dbPassword());
             Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM kept WHERE n = 42")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
