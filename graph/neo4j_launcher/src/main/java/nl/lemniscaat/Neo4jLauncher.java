package nl.lemniscaat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.DatabaseStateService;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.bolt.BoltServer;
import org.neo4j.bolt.protocol.common.connector.Connector;
import org.neo4j.bolt.protocol.common.connector.listener.ConnectorListener;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.kernel.database.NamedDatabaseId;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
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
 *       DATA_DIR/transactions (or, with -Dlemniscaat.neo4j.storeDir, to that folder: a store a
 *       bulk import swapped in), logs to DATA_DIR/logs (debug.log and neo4j.log).</li>
 *   <li>BOLT_PORT defaults to 7687, HOST to 127.0.0.1.</li>
 *   <li><b>Authentication is ON.</b> The password of the user {@code neo4j} is read from
 *       the file named by -Dlemniscaat.neo4j.passwordFile (written by graph/local_neo4j.py at
 *       first start, mode 0600) and set on every start. Without that file the launcher refuses
 *       to start.</li>
 *   <li>The HTTP/HTTPS connectors are off (embedded Neo4j has no HTTP server anyway), and the
 *       Bolt port refuses HTTP, so Bolt over WebSocket (which any browser page can open) is
 *       off: a connection whose first byte is a letter gets "403 Forbidden" and is closed.</li>
 *   <li>LOAD CSV may not read file URLs ({@code dbms.security.allow_csv_import_from_file_urls}
 *       false), and the import root ({@code server.directories.import}) is an empty folder
 *       (-Dlemniscaat.neo4j.importDir, default DATA_DIR/import).</li>
 *   <li>Memory and time limits the server enforces: page cache
 *       (-Dlemniscaat.neo4j.pagecache, default 256m), memory per transaction
 *       ({@code db.memory.transaction.max}, -Dlemniscaat.neo4j.txMax) and for all transactions
 *       ({@code dbms.memory.transaction.total.max}, -Dlemniscaat.neo4j.txTotalMax), both
 *       defaulting to a share of the heap; a transaction timeout ({@code db.transaction.timeout},
 *       -Dlemniscaat.neo4j.txTimeout in seconds, default 900). A query over its memory limit
 *       is refused with an error instead of taking the server down. The heap is set by the
 *       caller (-Xmx).</li>
 * </ul>
 *
 * Prints {@code READY bolt://HOST:PORT} on stdout once Bolt accepts connections, the password
 * is set and the default database is available.
 * On SIGTERM/SIGINT a shutdown hook shuts the DatabaseManagementService down
 * cleanly (checkpoint, store closed), so the next start needs no recovery.
 * When the file DATA_DIR/reopen.request appears (looked for every 100 ms), the launcher deletes
 * it, shuts the databases down cleanly and opens the store that DATA_DIR/store names now, in
 * the same JVM (the bulk load's swap: no JVM start), printing REOPENING and then READY again;
 * when that store does not open, it exits with status 1.
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
        long maxHeap = Runtime.getRuntime().maxMemory();
        long txMax = prop("lemniscaat.neo4j.txMax", maxHeap / 10 * 6);
        long txTotalMax = prop("lemniscaat.neo4j.txTotalMax", maxHeap / 10 * 7);
        long txTimeout = Long.parseLong(System.getProperty("lemniscaat.neo4j.txTimeout", "900"));
        Path importDir = Path.of(System.getProperty("lemniscaat.neo4j.importDir", home.resolve("import").toString()));
        // The store (databases/ and transactions/): DATA_DIR itself, or the folder a bulk import
        // swapped in (graph/local_neo4j.py passes DATA_DIR/store, a symlink, once there is one).
        Path storeDir = Path.of(System.getProperty("lemniscaat.neo4j.storeDir", home.toString()));
        String passwordFile = System.getProperty("lemniscaat.neo4j.passwordFile");
        if (passwordFile == null || !Files.isRegularFile(Path.of(passwordFile))) {
            System.err.println("-Dlemniscaat.neo4j.passwordFile must name the file with the password of neo4j");
            System.exit(2);
        }
        String password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
        Files.createDirectories(importDir);

        Path logs = home.resolve("logs");
        Files.createDirectories(logs);
        OutputStream userLogOut = new FileOutputStream(logs.resolve("neo4j.log").toFile(), true);
        Log4jLogProvider userLog = new Log4jLogProvider(userLogOut, Level.INFO);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            System.out.flush();
            try {
                synchronized (LOCK) {
                    if (dbms != null) {
                        dbms.shutdown();
                        dbms = null;
                    }
                }
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

        Settings settings = new Settings(home, storeDir, host, port, pageCache, txMax, txTotalMax, txTimeout,
                importDir, logs, password, maxHeap);
        try {
            open(settings, userLog);
        } catch (Throwable t) {
            System.err.println("Start failed: " + t);
            t.printStackTrace();
            System.exit(1);
        }

        // DATA_DIR/reopen.request: reopen on the store DATA_DIR/store names now (a bulk import
        // swapped one in). A file, not a signal: SIGHUP is ignored under nohup, and a JVM
        // started with it ignored cannot handle it.
        Path request = home.resolve(REOPEN_REQUEST);
        Thread watcher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(100);
                    if (Files.deleteIfExists(request)) { // claimed: Python sees it gone
                        reopen(settings, userLog);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    System.err.println("Reopen request unreadable: " + e);
                }
            }
        }, "neo4j-reopen");
        watcher.setDaemon(true);
        watcher.start();

        // Stay alive until the JVM is asked to exit (SIGTERM/SIGINT).
        stopped.await();
    }

    /** What a (re)open needs; storeDir is the folder given at start. */
    private record Settings(Path home, Path storeDir, String host, int port, String pageCache, long txMax,
            long txTotalMax, long txTimeout, Path importDir, Path logs, String password, long maxHeap) {
    }

    private static final String REOPEN_REQUEST = "reopen.request";
    private static final Object LOCK = new Object();
    private static volatile DatabaseManagementService dbms;
    private static volatile Path openStore; // the real folder of the store dbms has open

    /**
     * A store a bulk import wrote has no system database; a new one costs ~2 s at the next
     * open (created, its schema populated, the user set up). The old store's, closed cleanly
     * just before, is copied into the new store instead (under 1 MB): the same user and
     * password. The old store is only read, so a failure here leaves it as it was.
     */
    private static void carrySystemDatabase(Path from, Path to) throws IOException {
        if (from == null || from.equals(to)) {
            return;
        }
        for (String part : new String[] {"databases/system", "transactions/system"}) {
            Path src = from.resolve(part);
            Path dst = to.resolve(part);
            if (!Files.isDirectory(src) || Files.exists(dst)) {
                continue;
            }
            try (var paths = Files.walk(src)) {
                for (Path p : (Iterable<Path>) paths::iterator) {
                    Path target = dst.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
        }
    }

    /**
     * Shut the databases down cleanly (checkpoint), then open the store the link DATA_DIR/store
     * names now, in this JVM: no new process, no JVM start, classes and JIT already warm. Prints
     * REOPENING, then READY as after a start. When the new store does not open, the launcher
     * exits (status 1): graph/local_neo4j.py then points the link back and starts a new server
     * on the old store, which was shut down cleanly and is untouched.
     */
    private static void reopen(Settings s, Log4jLogProvider userLog) {
        synchronized (LOCK) {
            if (dbms == null) {
                return; // shutting down
            }
            System.out.println("REOPENING");
            System.out.flush();
            try {
                dbms.shutdown();
                dbms = null;
                Path link = s.home().resolve("store");
                Path storeDir = Files.isSymbolicLink(link) ? link : s.storeDir();
                carrySystemDatabase(openStore, storeDir.toRealPath());
                open(new Settings(s.home(), storeDir, s.host(), s.port(), s.pageCache(), s.txMax(), s.txTotalMax(),
                        s.txTimeout(), s.importDir(), s.logs(), s.password(), s.maxHeap()), userLog);
            } catch (Throwable t) {
                System.err.println("Reopen failed: " + t);
                t.printStackTrace();
                System.out.flush();
                Runtime.getRuntime().halt(1); // no shutdown hook: there is nothing open to close
            }
        }
    }

    /** Build the DatabaseManagementService on s.storeDir(), set the password, wait, print READY. */
    private static void open(Settings s, Log4jLogProvider userLog) throws IOException {
        Path home = s.home();
        Path storeDir = s.storeDir();
        Path logs = s.logs();
        Path importDir = s.importDir();
        String host = s.host();
        int port = s.port();
        String pageCache = s.pageCache();
        long txMax = s.txMax();
        long txTotalMax = s.txTotalMax();
        long txTimeout = s.txTimeout();
        long maxHeap = s.maxHeap();
        long t0 = System.nanoTime();
        DatabaseManagementService opened = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(userLog)
                // On-disk layout: everything under DATA_DIR.
                .setConfig(GraphDatabaseSettings.data_directory, storeDir)
                .setConfig(GraphDatabaseSettings.logs_directory, logs)
                // Authentication on; the password is set below, before READY.
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // LOAD CSV: no file URLs, and the import root is an empty folder.
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
                // A query over its memory budget fails instead of exhausting the heap.
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMax)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, txTotalMax)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeout))
                // Bolt on HOST:PORT, plain text; no HTTP(S).
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(BoltConnector.thread_pool_min_size, 2)
                .setConfig(BoltConnector.thread_pool_max_size, 64)
                // Bolt waits 5 s + 5 s for connections/threads on shutdown by default, and a
                // reopen (reopen.request) waited the whole second for each of its two event loop groups;
                // the databases are already closed by then, so 200 ms each is plenty for dev/CI.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(200))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(200))
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
        dbms = opened;
        openStore = storeDir.toRealPath();

        GraphDatabaseService system = opened.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        refuseHttpOnBolt(system);
        setPassword(system, s.password());

        // Wait until the default database is up, so READY means queries will work; a database
        // that failed to start (a store Neo4j cannot read) fails the open at once, not after 5 min.
        GraphDatabaseService db = opened.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        DatabaseStateService states = ((GraphDatabaseAPI) system).getDependencyResolver()
                .resolveDependency(DatabaseStateService.class);
        NamedDatabaseId id = ((GraphDatabaseAPI) db).databaseId();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!db.isAvailable(200)) {
            Optional<Throwable> failure = states.causeOfFailure(id);
            if (failure.isPresent()) {
                throw new IllegalStateException("Database '" + db.databaseName() + "' failed to start: "
                        + failure.get(), failure.get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Database '" + db.databaseName() + "' did not become available");
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("Neo4j " + Version.getNeo4jVersion() + " Community started in " + ms
                + " ms; data=" + home + ", store=" + storeDir + " (auth on; heap " + (maxHeap >> 20)
                + " MiB, transaction memory " + (txMax >> 20) + " MiB each, " + (txTotalMax >> 20)
                + " MiB together, timeout " + txTimeout + " s)");
        System.out.println("READY bolt://" + host + ":" + port);
        System.out.flush();
    }

    private static long prop(String name, long fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : parseBytes(v);
    }

    /** Sets the password of neo4j (no change required); the same password again is fine. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED",
                    Map.of("pw", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    /**
     * Every new Bolt connection first passes a handler that closes it when it starts like HTTP
     * (a letter): Neo4j would otherwise accept a WebSocket upgrade from any browser origin.
     * Raw Bolt (preamble 0x6060B017) and TLS (0x16) start with other bytes and pass untouched.
     */
    private static void refuseHttpOnBolt(GraphDatabaseService system) {
        BoltServer bolt = ((GraphDatabaseAPI) system).getDependencyResolver().resolveDependency(BoltServer.class);
        ConnectorListener guard = new ConnectorListener() {
            @Override
            public void onConnectionCreated(org.neo4j.bolt.protocol.common.connector.connection.Connection c) {
                c.modifyPipeline(p -> p.addFirst("lemniscaatNoHttp", new NoHttpHandler()));
            }
        };
        for (Connector<?> connector : bolt.getConnectors()) {
            connector.registerListener(guard);
        }
    }

    private static final class NoHttpHandler extends ChannelInboundHandlerAdapter {
        private static final byte[] FORBIDDEN = ("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf && buf.readableBytes() > 0) {
                int first = buf.getUnsignedByte(buf.readerIndex());
                if ((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z')) {
                    buf.release();
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(FORBIDDEN)).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                ctx.pipeline().remove(this);
            }
            ctx.fireChannelRead(msg);
        }
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
