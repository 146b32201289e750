package io.dotmac.database.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of an application process and of the PostgreSQL backends
 * serving one database, read from Linux's {@code /proc}. CPU per request is steadier than
 * throughput on a shared machine: other load slows a variant down but hardly changes what
 * each of its requests costs. Reads nothing and answers zero where {@code /proc} is absent.
 */
final class CpuMeter {

	/** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux we run on. */
	private static final double TICKS_PER_SECOND = 100.0;

	private final long applicationPid;

	private final String database;

	CpuMeter(long applicationPid, String database) {
		this.applicationPid = applicationPid;
		this.database = database;
	}

	static boolean available() {
		return Files.isDirectory(Path.of("/proc/self"));
	}

	/** CPU seconds used so far by the application and by the database's backends. */
	Reading read() {
		Map<Long, Double> database = new HashMap<>();
		for (long pid : backends()) {
			database.put(pid, cpuSeconds(pid));
		}
		return new Reading(cpuSeconds(this.applicationPid), database);
	}

	/** Backends are processes titled {@code postgres: <user> <database> <client> <state>}. */
	private List<Long> backends() {
		List<Long> pids = new ArrayList<>();
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			processes.filter((path) -> path.getFileName().toString().chars().allMatch(Character::isDigit))
				.forEach((path) -> {
					String title = commandLine(path);
					if (title.startsWith("postgres: ") && title.contains(" " + this.database + " ")) {
						pids.add(Long.parseLong(path.getFileName().toString()));
					}
				});
		}
		catch (IOException ex) {
			// no /proc: nothing to read
		}
		return pids;
	}

	private static String commandLine(Path process) {
		try {
			return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static double cpuSeconds(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// Fields after the command name, which is in parentheses and may contain spaces.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/** CPU seconds of the application and of each database backend. */
	record Reading(double application, Map<Long, Double> database) {

		/**
		 * Microseconds of CPU per request between an earlier reading and this one. A backend
		 * started in between counts from zero.
		 */
		double microsPerRequest(Reading earlier, long requests) {
			return applicationMicrosPerRequest(earlier, requests) + databaseMicrosPerRequest(earlier, requests);
		}

		/** The application's share of {@link #microsPerRequest}. */
		double applicationMicrosPerRequest(Reading earlier, long requests) {
			return Math.max(0, this.application - earlier.application) * 1e6 / Math.max(1, requests);
		}

		/** The database backends' share of {@link #microsPerRequest}. */
		double databaseMicrosPerRequest(Reading earlier, long requests) {
			double seconds = 0;
			for (Map.Entry<Long, Double> backend : this.database.entrySet()) {
				seconds += Math.max(0, backend.getValue() - earlier.database.getOrDefault(backend.getKey(), 0.0));
			}
			return seconds * 1e6 / Math.max(1, requests);
		}

	}

}
