package io.dotmac.database.jdbc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;

/**
 * Production defaults for a HikariCP pool in front of PostgreSQL, the JVM counterpart of
 * SQLAlchemy's {@code pool_pre_ping=True, pool_recycle=3600}.
 * <p>
 * Hikari already validates a connection that has sat idle for more than half a second
 * before handing it out ({@code pool_pre_ping}); these defaults add what it leaves to the
 * user:
 * <table>
 * <caption>Values and reasons</caption>
 * <tr><th>setting</th><th>ours</th><th>Hikari's</th><th>why</th></tr>
 * <tr><td>{@code keepaliveTime}</td><td>60 s</td><td>120 s</td><td>Idle connections
 * are pinged every 48 to 60 s (Hikari takes a random share of up to 20 % off), far inside
 * the shortest common limits after which a proxy or load balancer silently drops an idle
 * TCP flow: Azure Load Balancer's 4 minutes and AWS NLB's and NAT gateway's 350 s. With
 * Hikari's 2 minutes, one lost ping already leaves a connection idle for the full 4
 * minutes; with one minute, two can be lost. Hikari allows no less than 30 s.</td></tr>
 * <tr><td>{@code maxLifetime}</td><td>20 min</td><td>30 min</td><td>Connections are
 * retired at a third of PgBouncer's default {@code server_lifetime} of 3600 s (the seed's
 * {@code pool_recycle=3600}). Recycling every 20 minutes also moves connections to the new
 * address after a DNS-based failover (RDS, Aurora, Azure), and returns the memory a
 * long-lived PostgreSQL backend accumulates in its catalog caches, which grows with every
 * tenant schema it touches. Hikari 7 takes a random share of up to 25 % off each
 * connection's lifetime, so they do not all expire at once.</td></tr>
 * <tr><td>{@code leakDetectionThreshold}</td><td>2 min</td><td>off</td><td>A
 * connection held for two minutes outlives any request behind a typical 60 s gateway
 * timeout, so the warning (with the stack trace of the borrower) points at a real leak or
 * a transaction that outlived its caller. It only logs; it never closes the connection.
 * Batch jobs that legitimately hold a connection longer raise it.</td></tr>
 * <tr><td>{@code connectionTimeout}</td><td>5 s</td><td>30 s</td><td>Bounds both the
 * wait for a free connection and a new connection's TLS and SCRAM handshake (tens of
 * milliseconds when healthy). Five seconds absorbs a burst, yet fails with a clear
 * {@code SQLTransientConnectionException} before an HTTP client or gateway gives up
 * (commonly 10 to 60 s), instead of piling up threads for 30 s.</td></tr>
 * <tr><td>{@code validationTimeout}</td><td>2 s</td><td>5 s</td><td>A healthy server
 * answers the validation ping in milliseconds; two seconds tolerates a pause and leaves
 * three of the five connection-timeout seconds to fetch a replacement. It must stay below
 * {@code connectionTimeout}; Hikari's floor is 250 ms.</td></tr>
 * </table>
 * {@link #applyTo(HikariConfig)} changes only settings that still hold Hikari's own
 * default, so anything a user configured wins. Use it on a pool built by hand:
 * <pre>{@code
 * HikariConfig config = new HikariConfig();
 * config.setJdbcUrl(url.jdbcUrl());
 * HikariPoolDefaults.standard().applyTo(config);
 * }</pre>
 */
public final class HikariPoolDefaults {

	// Hikari's own defaults (HikariConfig's private constants), which applyTo() treats as
	// "left unset". HikariPoolDefaultsTests checks them against the HikariConfig on the
	// class path, so an upgrade that changes them fails the build instead of silently
	// turning applyTo() into a no-op.

	static final long HIKARI_KEEPALIVE_TIME = Duration.ofMinutes(2).toMillis();

	static final long HIKARI_MAX_LIFETIME = Duration.ofMinutes(30).toMillis();

	static final long HIKARI_LEAK_DETECTION_THRESHOLD = 0;

	static final long HIKARI_CONNECTION_TIMEOUT = Duration.ofSeconds(30).toMillis();

	static final long HIKARI_VALIDATION_TIMEOUT = Duration.ofSeconds(5).toMillis();

	private static final HikariPoolDefaults STANDARD = new HikariPoolDefaults(Duration.ofSeconds(60),
			Duration.ofMinutes(20), Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofSeconds(2));

	private final Duration keepaliveTime;

	private final Duration maxLifetime;

	private final Duration leakDetectionThreshold;

	private final Duration connectionTimeout;

	private final Duration validationTimeout;

	private HikariPoolDefaults(Duration keepaliveTime, Duration maxLifetime, Duration leakDetectionThreshold,
			Duration connectionTimeout, Duration validationTimeout) {
		this.keepaliveTime = keepaliveTime;
		this.maxLifetime = maxLifetime;
		this.leakDetectionThreshold = leakDetectionThreshold;
		this.connectionTimeout = connectionTimeout;
		this.validationTimeout = validationTimeout;
	}

	/**
	 * Return the defaults described on this class.
	 * @return the standard defaults
	 */
	public static HikariPoolDefaults standard() {
		return STANDARD;
	}

	/**
	 * Return how often an idle connection is pinged.
	 * @return the keepalive interval
	 */
	public Duration keepaliveTime() {
		return this.keepaliveTime;
	}

	/**
	 * Return how long a connection lives before the pool retires it.
	 * @return the maximum lifetime
	 */
	public Duration maxLifetime() {
		return this.maxLifetime;
	}

	/**
	 * Return how long a connection may stay borrowed before the pool logs a leak warning.
	 * @return the leak detection threshold
	 */
	public Duration leakDetectionThreshold() {
		return this.leakDetectionThreshold;
	}

	/**
	 * Return how long a caller waits for a connection before getting an exception.
	 * @return the connection timeout
	 */
	public Duration connectionTimeout() {
		return this.connectionTimeout;
	}

	/**
	 * Return how long the pool waits for a connection to pass validation.
	 * @return the validation timeout
	 */
	public Duration validationTimeout() {
		return this.validationTimeout;
	}

	/**
	 * Apply these defaults to every setting of the given configuration that still holds
	 * Hikari's own default. Call it before the pool starts (a {@code HikariDataSource}
	 * before its first {@code getConnection()}).
	 * @param config the configuration, or a {@code HikariDataSource}
	 */
	public void applyTo(HikariConfig config) {
		if (config.getKeepaliveTime() == HIKARI_KEEPALIVE_TIME) {
			config.setKeepaliveTime(this.keepaliveTime.toMillis());
		}
		if (config.getMaxLifetime() == HIKARI_MAX_LIFETIME) {
			config.setMaxLifetime(this.maxLifetime.toMillis());
		}
		if (config.getLeakDetectionThreshold() == HIKARI_LEAK_DETECTION_THRESHOLD) {
			config.setLeakDetectionThreshold(this.leakDetectionThreshold.toMillis());
		}
		if (config.getConnectionTimeout() == HIKARI_CONNECTION_TIMEOUT) {
			config.setConnectionTimeout(this.connectionTimeout.toMillis());
		}
		if (config.getValidationTimeout() == HIKARI_VALIDATION_TIMEOUT) {
			config.setValidationTimeout(this.validationTimeout.toMillis());
		}
	}

	/**
	 * Return these defaults as Hikari bean properties in kebab case with values in
	 * milliseconds, for example {@code keepalive-time=60000}, ready to be placed under a
	 * prefix such as {@code spring.datasource.hikari}.
	 * @return the settings, in a stable order
	 */
	public Map<String, String> asProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("keepalive-time", Long.toString(this.keepaliveTime.toMillis()));
		properties.put("max-lifetime", Long.toString(this.maxLifetime.toMillis()));
		properties.put("leak-detection-threshold", Long.toString(this.leakDetectionThreshold.toMillis()));
		properties.put("connection-timeout", Long.toString(this.connectionTimeout.toMillis()));
		properties.put("validation-timeout", Long.toString(this.validationTimeout.toMillis()));
		return properties;
	}

	@Override
	public String toString() {
		return "HikariPoolDefaults" + asProperties();
	}

}
