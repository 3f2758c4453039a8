package dev.rolegate.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * PostgreSQL sessions outside the connection pool, for what must own its session for a long
 * time: the change-notification {@code LISTEN} and the LDAP sync's session-level advisory locks.
 * Same URL and credentials as the pool ({@code quarkus.datasource.*}); user and password are
 * optional, since a server with trust authentication takes none.
 */
@ApplicationScoped
public class DirectConnections {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    // Optional: an empty value is no value to MicroProfile Config, so a String would fail injection.
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /**
     * Opens a new session with TCP keep-alive and the driver's 10 s connect timeout; the caller
     * closes it.
     *
     * @param settings more PostgreSQL JDBC driver properties, e.g. {@code ApplicationName} or
     *                 {@code socketTimeout} (seconds)
     * @throws SQLException when the database cannot be reached or refuses the credentials
     */
    public Connection open(Map<String, String> settings) throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(user -> properties.setProperty("user", user));
        password.ifPresent(secret -> properties.setProperty("password", secret));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "10");
        settings.forEach(properties::setProperty);
        return DriverManager.getConnection(url, properties);
    }
}
