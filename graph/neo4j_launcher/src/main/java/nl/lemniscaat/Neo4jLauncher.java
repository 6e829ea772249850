package nl.lemniscaat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.internal.Version;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Local Neo4j Community server for development and CI: the embedded database
 * with the Bolt connector switched on.
 *
 * <pre>
 *   java -cp 'target/classes:target/lib/*' nl.lemniscaat.Neo4jLauncher DATA_DIR [BOLT_PORT] [HOST]
 * </pre>
 *
 * <ul>
 *   <li>DATA_DIR is the Neo4j home: the store goes to DATA_DIR/databases and
 *       DATA_DIR/transactions, logs to DATA_DIR/logs (debug.log and neo4j.log).</li>
 *   <li>BOLT_PORT defaults to 7687, HOST to 127.0.0.1.</li>
 *   <li><b>Authentication is DISABLED.</b> This is for local development and CI
 *       only: anyone who can reach the port has full access. Keep HOST on a
 *       loopback address.</li>
 *   <li>The HTTP/HTTPS connectors are off (embedded Neo4j has no HTTP server anyway).</li>
 *   <li>Memory is sized for a small (2-core) machine: page cache 256 MiB (override
 *       with -Dlemniscaat.neo4j.pagecache=512m), transaction state on heap. The heap
 *       itself is set by the caller (-Xmx).</li>
 * </ul>
 *
 * Prints {@code READY bolt://HOST:PORT} on stdout once Bolt accepts connections.
 * On SIGTERM/SIGINT a shutdown hook shuts the DatabaseManagementService down
 * cleanly (checkpoint, store closed), so the next start needs no recovery.
 */
public final class Neo4jLauncher {

    private Neo4jLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3 || "-h".equals(args[0]) || "--help".equals(args[0])) {
            System.err.println("usage: Neo4jLauncher DATA_DIR [BOLT_PORT (7687)] [HOST (127.0.0.1)]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath().normalize();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : BoltConnector.DEFAULT_PORT;
        String host = args.length > 2 ? args[2] : "127.0.0.1";
        String pageCache = System.getProperty("lemniscaat.neo4j.pagecache", "256m");

        Path logs = home.resolve("logs");
        Files.createDirectories(logs);
        OutputStream userLogOut = new FileOutputStream(logs.resolve("neo4j.log").toFile(), true);
        Log4jLogProvider userLog = new Log4jLogProvider(userLogOut, Level.INFO);

        long t0 = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(userLog)
                // On-disk layout: everything under DATA_DIR.
                .setConfig(GraphDatabaseSettings.data_directory, home)
                .setConfig(GraphDatabaseSettings.logs_directory, logs)
                // Local dev/CI only: no authentication.
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // Bolt on HOST:PORT, plain text; no HTTP(S).
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(BoltConnector.thread_pool_min_size, 2)
                .setConfig(BoltConnector.thread_pool_max_size, 64)
                // Bolt waits 5 s + 5 s for connections/threads on shutdown by default; the
                // databases are already closed by then, so 1 s each is plenty for dev/CI.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Small memory footprint.
                .setConfig(GraphDatabaseSettings.pagecache_memory, parseBytes(pageCache))
                .setConfig(GraphDatabaseSettings.tx_state_memory_allocation,
                        GraphDatabaseSettings.TransactionStateMemoryAllocation.ON_HEAP)
                .setConfig(GraphDatabaseSettings.pagecache_warmup_enabled, false)
                // Keep transaction logs small; no phoning home.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            System.out.flush();
            try {
                dbms.shutdown();
                System.out.println("STOPPED");
            } catch (Throwable t) {
                System.err.println("Shutdown failed: " + t);
                t.printStackTrace();
            } finally {
                userLog.close();
                try {
                    userLogOut.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
                System.out.flush();
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        // Wait until the default database is up, so READY means queries will work.
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(5).toMillis())) {
            System.err.println("Database '" + db.databaseName() + "' did not become available");
            System.exit(1);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("Neo4j " + Version.getNeo4jVersion() + " Community started in " + ms
                + " ms; data=" + home + " (auth disabled, local dev only)");
        System.out.println("READY bolt://" + host + ":" + port);
        System.out.flush();

        // Stay alive until the JVM is asked to exit (SIGTERM/SIGINT).
        stopped.await();
    }

    /** "256m" / "1g" / "1048576" -> bytes. */
    static long parseBytes(String s) {
        String v = s.trim().toLowerCase();
        long mult = 1;
        char last = v.charAt(v.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            v = v.substring(0, v.length() - 1);
        }
        return Long.parseLong(v) * mult;
    }
}
