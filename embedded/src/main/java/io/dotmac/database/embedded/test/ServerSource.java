package io.dotmac.database.embedded.test;

/**
 * Where the test servers of this JVM come from.
 */
enum ServerSource {

	/** A server named by an environment variable. */
	EXISTING,

	/** A Docker container started through Testcontainers. */
	TESTCONTAINERS,

	/** Binaries from Maven Central, started by this JVM. */
	EMBEDDED

}
