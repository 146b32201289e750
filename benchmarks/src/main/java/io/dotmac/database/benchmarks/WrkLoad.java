package io.dotmac.database.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load from {@code wrk} (Debian package {@code wrk}), a C load generator that costs a
 * fraction of the CPU a Java client needs, so on a 2-core machine the application under
 * test gets most of the machine and its own costs show. Each request is a GET of a random
 * path from a fixed list, with one header per path (the tenant). A round with any non-2xx
 * answer or socket error fails.
 */
final class WrkLoad {

	private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

	private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");

	private final Path script;

	private final int connections;

	private WrkLoad(Path script, int connections) {
		this.script = script;
		this.connections = connections;
	}

	/** Whether {@code wrk} is on the PATH. */
	static boolean available() {
		try {
			Process process = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * A load of GET requests, each to a random one of {@code paths} with its header.
	 * @param paths request paths
	 * @param headerName the header sent with each
	 * @param headerValues the header value of each path
	 * @param connections concurrent connections (one wrk thread)
	 */
	static WrkLoad of(List<String> paths, String headerName, List<String> headerValues, int connections)
			throws IOException {
		StringBuilder lua = new StringBuilder("local paths = {\n");
		for (int i = 0; i < paths.size(); i++) {
			lua.append("  {\"").append(paths.get(i)).append("\", \"").append(headerValues.get(i)).append("\"},\n");
		}
		lua.append("}\nmath.randomseed(os.time())\n")
			.append("request = function()\n")
			.append("  local p = paths[math.random(#paths)]\n")
			.append("  return wrk.format(\"GET\", p[1], {[\"").append(headerName).append("\"] = p[2]})\n")
			.append("end\n");
		Path script = Files.createTempFile("dotmac-wrk", ".lua");
		script.toFile().deleteOnExit();
		Files.writeString(script, lua, StandardCharsets.UTF_8);
		return new WrkLoad(script, connections);
	}

	/** One round against {@code baseUri}: the number of requests and the rate. */
	Result run(String baseUri, Duration duration) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("wrk", "-t1", "-c" + this.connections, "-d" + duration.toSeconds() + "s",
				"-s", this.script.toString(), baseUri)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("wrk failed:\n" + output);
		}
		if (output.contains("Non-2xx") || output.contains("Socket errors")) {
			throw new IllegalStateException("Requests failed during the round:\n" + output);
		}
		return new Result(Long.parseLong(find(REQUESTS, output)), Double.parseDouble(find(RATE, output)));
	}

	private static String find(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("Unexpected wrk output:\n" + output);
		}
		return matcher.group(1);
	}

	/** Requests completed in a round and requests per second. */
	record Result(long requests, double perSecond) {
	}

}
