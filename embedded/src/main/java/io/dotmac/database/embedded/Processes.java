package io.dotmac.database.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Small process helpers that the JDK does not offer.
 */
final class Processes {

	private static final Path PROC = Path.of("/proc");

	private Processes() {
	}

	/**
	 * Whether a process is still running. A zombie counts as gone: it has exited and only waits
	 * for its parent to collect it. Servers daemonized by {@code pg_ctl} are re-parented to PID 1,
	 * and some container init processes never collect them, so {@link ProcessHandle#isAlive()}
	 * alone would report a stopped postmaster as running forever.
	 * @param pid the process id
	 * @return {@code true} if the process exists and is not a zombie
	 */
	static boolean isRunning(long pid) {
		if (Files.isDirectory(PROC.resolve("self"))) {
			try {
				String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"),
						StandardCharsets.US_ASCII);
				// "pid (command) state ...": the command may contain spaces, so look after the last ')'.
				int end = stat.lastIndexOf(')');
				return end > 0 && stat.length() > end + 2 && stat.charAt(end + 2) != 'Z';
			}
			catch (IOException gone) {
				return false;
			}
		}
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	/**
	 * Reads a process id from the first line of a pid file, as PostgreSQL and Redis write them.
	 * @param pidFile the pid file
	 * @return the process id
	 * @throws IOException if the file cannot be read or holds no number
	 */
	static long readPidFile(Path pidFile) throws IOException {
		List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
		if (lines.isEmpty()) {
			throw new IOException("Empty pid file " + pidFile);
		}
		try {
			return Long.parseLong(lines.get(0).trim());
		}
		catch (NumberFormatException ex) {
			throw new IOException("No process id in " + pidFile, ex);
		}
	}

	/**
	 * Finds an executable on the {@code PATH}.
	 * @param name the executable's name
	 * @return its path, or {@code null} if it is not on the path
	 */
	static @Nullable Path findOnPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, name);
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		return null;
	}

}
