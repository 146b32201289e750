package io.dotmac.database.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Stops a server process and deletes its directory when the JVM that started it dies without
 * stopping it, even by {@code kill -9}, which runs no shutdown hook.
 * <p>
 * The watchdog is a tiny {@code /bin/sh} process in its own session (so a signal to the JVM's
 * process group does not reach it). Its standard input is a pipe from this JVM, and that pipe is
 * the lifeline: the kernel closes it when the JVM dies, however it dies, so the watchdog notices at
 * once instead of polling a PID that the system may already have given to another process. On a
 * normal shutdown the JVM writes {@code released} and the watchdog exits without touching anything.
 * <p>
 * When the lifeline breaks, the watchdog reads the server's PID from its pid file and signals it only
 * if that process's command line still names the server's private working directory, so a PID the
 * system has reused is never killed. Then it deletes the working directory.
 */
final class OrphanWatchdog {

	private static final Log logger = LogFactory.getLog(OrphanWatchdog.class);

	private static final Path SHELL = Path.of("/bin/sh");

	private static final String RELEASED = "released";

	// $1 pid file, $2 text the server's command line contains, $3 signal, $4 directory to delete.
	private static final String SCRIPT = """
			pidfile=$1 marker=$2 signal=$3 workdir=$4
			# Signals aimed at the JVM's whole process group (Ctrl-C, an IDE's stop button) must not
			# end the watchdog before it has done its job; where setsid exists they never reach it.
			trap '' HUP INT TERM
			# Block until the JVM says "released" (clean stop) or its end of the pipe closes (it died).
			while IFS= read -r line; do
			  [ "$line" = released ] && exit 0
			done
			# A zombie has exited already; only its parent can remove it.
			running() {
			  kill -0 "$1" 2>/dev/null || return 1
			  [ -r "/proc/$1/stat" ] || return 0
			  [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -c1)" != Z ]
			}
			# The PID may have been reused: only a process that names our directory is ours.
			ours() {
			  if [ -r "/proc/$1/cmdline" ]; then tr '\\000' ' ' < "/proc/$1/cmdline"
			  else ps -p "$1" -o command= 2>/dev/null; fi | grep -qF -- "$marker"
			}
			pid=$(head -n 1 "$pidfile" 2>/dev/null)
			case $pid in ''|*[!0-9]*) pid= ;; esac
			if [ -n "$pid" ] && running "$pid" && ours "$pid"; then
			  kill -"$signal" "$pid" 2>/dev/null
			  tries=0
			  while running "$pid" && [ $tries -lt 50 ]; do sleep 0.2; tries=$((tries + 1)); done
			  running "$pid" && kill -KILL "$pid" 2>/dev/null
			fi
			rm -rf "$workdir"
			""";

	private final @Nullable Process process;

	private OrphanWatchdog(@Nullable Process process) {
		this.process = process;
	}

	/**
	 * Starts a watchdog for one server.
	 * @param pidFile the file whose first line will hold the server's PID (it may not exist yet)
	 * @param signal the signal that stops the server at once, such as {@code QUIT}
	 * @param workDirectory the server's private directory; its path must appear in the server's
	 * command line, and the watchdog deletes it
	 * @return the running watchdog, or one that does nothing where there is no {@code /bin/sh}
	 */
	static OrphanWatchdog watch(Path pidFile, String signal, Path workDirectory) {
		if (!SHELL.toFile().canExecute()) {
			logger.debug("No /bin/sh: servers left behind by a killed JVM are not cleaned up");
			return new OrphanWatchdog(null);
		}
		String directory = workDirectory.toAbsolutePath().toString();
		List<String> command = new ArrayList<>();
		Path setsid = Processes.findOnPath("setsid");
		if (setsid != null) {
			command.add(setsid.toString());
		}
		command.addAll(List.of(SHELL.toString(), "-c", SCRIPT, "dotmac-orphan-watchdog",
				pidFile.toAbsolutePath().toString(), directory, signal, directory));
		try {
			// Output goes nowhere: a pipe to a dead JVM would kill the watchdog with SIGPIPE.
			Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			return new OrphanWatchdog(process);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the orphan watchdog " + command.get(0), ex);
		}
	}

	/**
	 * Tells the watchdog that the server has been stopped normally, so it exits and does nothing.
	 */
	void release() {
		endLifeline(RELEASED + "\n");
	}

	/**
	 * Makes the watchdog clean up now, exactly as if this JVM had died: it stops the server if it
	 * still runs and deletes the working directory.
	 */
	void cleanUpNow() {
		endLifeline("");
	}

	/**
	 * The watchdog's process, for tests that watch it exit.
	 * @return the process handle, empty where no watchdog could be started
	 */
	Optional<ProcessHandle> processHandle() {
		return Optional.ofNullable(this.process).map(Process::toHandle);
	}

	private void endLifeline(String message) {
		if (this.process == null) {
			return;
		}
		try (OutputStream lifeline = this.process.getOutputStream()) {
			lifeline.write(message.getBytes(StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			// The watchdog is gone already; there is nobody left to tell.
			logger.debug("Orphan watchdog already ended", ex);
		}
	}

}
