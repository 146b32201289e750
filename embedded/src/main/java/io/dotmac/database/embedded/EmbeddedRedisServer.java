package io.dotmac.database.embedded;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server, started from the binary that {@code com.github.codemonstur:embedded-redis}
 * ships, on a free port of {@code 127.0.0.1}, without persistence and without a password.
 * <p>
 * {@link #close()} stops the server and deletes its files. A JVM shutdown hook does the same if
 * nobody calls it, and an orphan watchdog does it even when the JVM is killed.
 */
public final class EmbeddedRedisServer implements RedisServer, AutoCloseable {

	private static final Log logger = LogFactory.getLog(EmbeddedRedisServer.class);

	private static final String HOST = "127.0.0.1";

	private final redis.embedded.RedisServer redis;

	private final int port;

	private final Path workDirectory;

	private final OrphanWatchdog watchdog;

	private final long pid;

	private final Thread shutdownHook = new Thread(this::close, "dotmac-embedded-redis-shutdown");

	private final AtomicBoolean closed = new AtomicBoolean();

	private EmbeddedRedisServer(redis.embedded.RedisServer redis, int port, Path workDirectory,
			OrphanWatchdog watchdog, long pid) {
		this.redis = redis;
		this.port = port;
		this.workDirectory = workDirectory;
		this.watchdog = watchdog;
		this.pid = pid;
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts a new server.
	 * @return the running server
	 * @throws IllegalStateException if the server does not start
	 */
	public static EmbeddedRedisServer start() {
		return start(0);
	}

	/**
	 * Starts a new server on the given port, for a test that stops Redis and starts it
	 * again where its clients reconnect.
	 * @param port the port, or 0 for a free one
	 * @return the running server
	 * @throws IllegalStateException if the server does not start
	 */
	public static EmbeddedRedisServer start(int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
		}
		Path workDirectory = WorkDirectories.create("dotmac-redis-");
		Path pidFile = workDirectory.resolve("redis.pid");
		OrphanWatchdog watchdog = OrphanWatchdog.watch(pidFile, "TERM", workDirectory);
		try {
			// The binary lives in the work directory, so its path (which Redis keeps in its process
			// title) tells the watchdog which process is ours.
			File binary = ExecutableProvider.newJarResourceProvider(workDirectory.toFile()).get();
			int chosenPort = (port != 0) ? port : freePort();
			Path configuration = writeConfiguration(workDirectory, chosenPort, pidFile);
			redis.embedded.RedisServer redis = new redis.embedded.RedisServer(chosenPort,
					List.of(binary.getAbsolutePath(), configuration.toString()), false, logger::trace,
					logger::trace);
			redis.start();
			return new EmbeddedRedisServer(redis, chosenPort, workDirectory, watchdog, Processes.readPidFile(pidFile));
		}
		catch (IOException | RuntimeException ex) {
			watchdog.cleanUpNow();
			throw new IllegalStateException("Embedded Redis did not start", ex);
		}
	}

	@Override
	public String host() {
		return HOST;
	}

	@Override
	public int port() {
		return this.port;
	}

	/**
	 * The PID of the {@code redis-server} process.
	 * @return the PID
	 */
	public long pid() {
		return this.pid;
	}

	/**
	 * The private directory that holds the binary, the configuration and the pid file.
	 * @return the working directory, deleted when the server stops
	 */
	public Path workDirectory() {
		return this.workDirectory;
	}

	/**
	 * Stops the server and deletes its files. Does nothing the second time.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException shutdownInProgress) {
			// We are the shutdown hook, or the JVM is exiting anyway.
		}
		try {
			this.redis.stop();
		}
		catch (IOException ex) {
			logger.warn("Could not stop embedded Redis cleanly", ex);
		}
		if (Processes.isRunning(this.pid)) {
			this.watchdog.cleanUpNow();
			return;
		}
		this.watchdog.release();
		WorkDirectories.deleteQuietly(this.workDirectory);
	}

	@Override
	public String toString() {
		return "embedded Redis on " + HOST + ":" + this.port;
	}

	OrphanWatchdog watchdog() {
		return this.watchdog;
	}

	private static Path writeConfiguration(Path workDirectory, int port, Path pidFile) throws IOException {
		Path configuration = workDirectory.resolve("redis.conf");
		Files.write(configuration, List.of("bind " + HOST, "port " + port, "daemonize no",
				"pidfile \"" + pidFile.toAbsolutePath() + "\"", "dir \"" + workDirectory.toAbsolutePath() + "\"",
				// A throwaway server: no snapshots and no append-only file to write or clean up.
				"save \"\"", "appendonly no", "databases 16"), StandardCharsets.UTF_8);
		return configuration;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
	}

}
