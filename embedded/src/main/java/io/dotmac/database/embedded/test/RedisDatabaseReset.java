package io.dotmac.database.embedded.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.dotmac.database.embedded.RedisServer;
import org.jspecify.annotations.Nullable;

/**
 * Empties one Redis logical database by speaking two commands of the Redis protocol (RESP) over a
 * plain socket. A client library would start event-loop threads for two commands, and this module
 * must not force a particular Redis client on its users.
 */
final class RedisDatabaseReset {

	private static final int TIMEOUT_MILLIS = 10_000;

	private RedisDatabaseReset() {
	}

	static void flush(RedisServer server, int database) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(server.host(), server.port()), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			out.write(command("SELECT", Integer.toString(database)));
			out.write(command("FLUSHDB"));
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			expectOk(in.readLine(), "SELECT " + database, server);
			expectOk(in.readLine(), "FLUSHDB", server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not empty database " + database + " of " + server, ex);
		}
	}

	// A RESP array of bulk strings: *<count>, then $<length> and the bytes of each argument.
	private static byte[] command(String... arguments) {
		StringBuilder command = new StringBuilder("*").append(arguments.length).append("\r\n");
		for (String argument : arguments) {
			command.append('$')
				.append(argument.getBytes(StandardCharsets.UTF_8).length)
				.append("\r\n")
				.append(argument)
				.append("\r\n");
		}
		return command.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void expectOk(@Nullable String reply, String command, RedisServer server) throws IOException {
		if (!"+OK".equals(reply)) {
			throw new IOException(server + " answered " + command + " with " + reply);
		}
	}

}
