package io.dotmac.database.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample app's executable jar running in its own JVM, so that load comes from a second
 * process as in production. Its output goes to a log file next to the jar.
 */
final class AppProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path log;

	private AppProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	static AppProcess start(Path jar, String name, List<String> arguments) throws IOException, InterruptedException {
		int port = freePort();
		Path log = jar.resolveSibling("benchmark-" + name + ".log");
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx1g", "-jar", jar.toString(),
				"--server.port=" + port, "--spring.main.banner-mode=off"));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		AppProcess app = new AppProcess(process, port, log);
		app.awaitHealthy(Duration.ofSeconds(120));
		return app;
	}

	/** The operating-system process id of the app's JVM. */
	long pid() {
		return this.process.pid();
	}

	/** The app's base URI, {@code http://127.0.0.1:<port>}. */
	String baseUri() {
		return "http://127.0.0.1:" + this.port;
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private void awaitHealthy(Duration timeout) throws InterruptedException, IOException {
		HttpClient client = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The sample app stopped during startup; see " + this.log);
			}
			try {
				HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		close();
		List<String> lines = Files.readAllLines(this.log);
		throw new IllegalStateException("The sample app did not become healthy in " + timeout + "; see " + this.log
				+ ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
