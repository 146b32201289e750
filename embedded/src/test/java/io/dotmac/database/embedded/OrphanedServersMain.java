package io.dotmac.database.embedded;

import java.io.IOException;

/**
 * Runs in a child JVM for {@link OrphanWatchdogTest}: starts both servers, prints their PIDs and
 * directories, and waits to be killed. If the test JVM dies instead, standard input closes and this
 * JVM exits normally.
 */
public final class OrphanedServersMain {

	private OrphanedServersMain() {
	}

	public static void main(String[] args) throws IOException {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
		EmbeddedRedisServer redis = EmbeddedRedisServer.start();
		System.out.println("postgres.pid=" + postgres.postmasterPid());
		System.out.println("postgres.dir=" + postgres.workDirectory());
		System.out.println("redis.pid=" + redis.pid());
		System.out.println("redis.dir=" + redis.workDirectory());
		System.out.println("ready");
		System.out.flush();
		while (System.in.read() != -1) {
			// Wait for the parent to kill us, or for it to go away.
		}
		System.exit(0);
	}

}
