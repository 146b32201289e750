package io.dotmac.database.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OrphanWatchdogTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private Process stranger;

	@AfterEach
	void stopStranger() {
		if (this.stranger != null) {
			this.stranger.destroyForcibly();
		}
	}

	@Test
	void killedJvmLeavesNoServerBehind() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				OrphanedServersMain.class.getName())
			.redirectErrorStream(true)
			.start();
		Map<String, String> reported;
		try {
			reported = CompletableFuture.supplyAsync(() -> readUntilReady(child)).get(3, TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			child.destroyForcibly();
			throw ex;
		}
		long postgresPid = Long.parseLong(reported.get("postgres.pid"));
		long redisPid = Long.parseLong(reported.get("redis.pid"));
		assertThat(Processes.isRunning(postgresPid)).isTrue();
		assertThat(Processes.isRunning(redisPid)).isTrue();

		child.destroyForcibly();
		assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();

		await("postmaster " + postgresPid + " and redis-server " + redisPid + " gone").atMost(PATIENCE)
			.until(() -> !Processes.isRunning(postgresPid) && !Processes.isRunning(redisPid));
		await("server directories deleted").atMost(PATIENCE)
			.until(() -> !Files.exists(Path.of(reported.get("postgres.dir")))
				&& !Files.exists(Path.of(reported.get("redis.dir"))));
	}

	@Test
	void releasedWatchdogExitsAndTouchesNothing(@TempDir Path workDirectory) throws IOException {
		Path pidFile = workDirectory.resolve("server.pid");
		this.stranger = startProcessNaming(workDirectory, pidFile);
		OrphanWatchdog watchdog = OrphanWatchdog.watch(pidFile, "TERM", workDirectory);
		ProcessHandle watchdogProcess = watchdog.processHandle().orElseThrow();

		watchdog.release();

		await().atMost(PATIENCE).until(() -> !watchdogProcess.isAlive());
		assertThat(this.stranger.isAlive()).isTrue();
		assertThat(workDirectory).exists();
	}

	@Test
	void brokenLifelineStopsTheServerAndDeletesItsDirectory(@TempDir Path parent) throws IOException {
		Path workDirectory = Files.createDirectory(parent.resolve("server"));
		Path pidFile = workDirectory.resolve("server.pid");
		this.stranger = startProcessNaming(workDirectory, pidFile);
		OrphanWatchdog watchdog = OrphanWatchdog.watch(pidFile, "TERM", workDirectory);

		watchdog.cleanUpNow();

		await().atMost(PATIENCE).until(() -> !this.stranger.isAlive());
		await().atMost(PATIENCE).until(() -> !Files.exists(workDirectory));
	}

	@Test
	void brokenLifelineSparesAProcessThatReusedThePid(@TempDir Path parent) throws IOException {
		Path workDirectory = Files.createDirectory(parent.resolve("server"));
		Path elsewhere = Files.createDirectory(parent.resolve("elsewhere"));
		Path pidFile = workDirectory.resolve("server.pid");
		// The pid file names a live process, but one whose command line does not name our directory.
		this.stranger = startProcessNaming(elsewhere, pidFile);
		OrphanWatchdog watchdog = OrphanWatchdog.watch(pidFile, "TERM", workDirectory);
		ProcessHandle watchdogProcess = watchdog.processHandle().orElseThrow();

		watchdog.cleanUpNow();

		await().atMost(PATIENCE).until(() -> !watchdogProcess.isAlive());
		assertThat(workDirectory).doesNotExist();
		assertThat(this.stranger.isAlive()).isTrue();
	}

	// "tail -f <directory>/log" runs until killed and names the directory on its command line.
	private static Process startProcessNaming(Path directory, Path pidFile) throws IOException {
		Path log = Files.createFile(directory.resolve("log"));
		Process process = new ProcessBuilder("tail", "-f", log.toString()).start();
		Files.write(pidFile, List.of(Long.toString(process.pid())), StandardCharsets.US_ASCII);
		return process;
	}

	private static Map<String, String> readUntilReady(Process child) {
		Map<String, String> reported = new HashMap<>();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				if (line.equals("ready")) {
					return reported;
				}
				int equals = line.indexOf('=');
				if (equals > 0 && line.matches("(postgres|redis)\\.(pid|dir)=.*")) {
					reported.put(line.substring(0, equals), line.substring(equals + 1));
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		throw new IllegalStateException("Child JVM ended before its servers were ready: " + reported);
	}

}
