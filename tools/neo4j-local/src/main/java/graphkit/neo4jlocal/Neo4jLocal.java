package graphkit.neo4jlocal;

import static org.neo4j.configuration.GraphDatabaseSettings.SYSTEM_DATABASE_NAME;

import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * A Neo4j Community DBMS in this JVM, reachable over Bolt on 127.0.0.1 only.
 *
 * <p>Usage: {@code Neo4jLocal --home DIR --port N}. Authentication is off unless the environment
 * sets NEO4J_PASSWORD; then the user NEO4J_USER (default neo4j) gets that password. Memory is
 * bounded so that a test run can share a small machine. Prints one "ready" line once Bolt accepts
 * connections; SIGTERM shuts the DBMS down cleanly.
 *
 * <p>{@code LOAD CSV} cannot read the server's files or make it fetch URLs: any query could
 * otherwise read {@code /etc/passwd} or {@code /proc/self/environ} (which holds the password).
 * File URLs are refused, their root is an empty {@code import} folder of the home should they
 * ever be allowed, and every IP address is blocked for remote URLs.
 */
public final class Neo4jLocal {
    static final String READY = "neo4j-local: ready at bolt://";

    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of("data");
        int port = 7687;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> fail("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0) {
            fail("usage: Neo4jLocal --home DIR --port N");
        }
        String password = System.getenv().getOrDefault("NEO4J_PASSWORD", "");
        String user = System.getenv().getOrDefault("NEO4J_USER", "");
        if (user.isEmpty()) {
            user = "neo4j";
        }
        boolean auth = !password.isEmpty();
        Path imports = home.toAbsolutePath().resolve("import");
        try {
            Files.createDirectories(imports);
        } catch (IOException e) {
            fail("cannot create the import folder " + imports + ": " + e.getMessage());
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home.toAbsolutePath())
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                // A local server need not wait 5 s twice for Bolt clients on shutdown.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, imports)
                .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist,
                        List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")))
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                // A load is one transaction: let it use most of the heap (NEO4J_LOCAL_HEAP), not all.
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                        Runtime.getRuntime().maxMemory() / 4 * 3)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j-local: shutting down");
            dbms.shutdown();
            System.out.println("neo4j-local: stopped");
            stopped.countDown();
        }, "neo4j-local-shutdown"));

        if (auth) {
            // Community has no roles: every user may do everything. Replacing the user keeps its
            // password equal to NEO4J_PASSWORD on every start, including the first.
            try {
                dbms.database(SYSTEM_DATABASE_NAME).executeTransactionally(
                        "CREATE OR REPLACE USER $user SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                        Map.of("user", user, "password", password));
            } catch (RuntimeException e) {
                fail("cannot set the password of user '" + user + "': " + e.getMessage());
            }
        }
        System.out.println(READY + "127.0.0.1:" + port + (auth ? " (auth: user " + user + ")" : " (auth: off)"));
        stopped.await();
    }

    private static void fail(String message) {
        System.err.println("neo4j-local: " + message);
        System.exit(2);
    }
}
