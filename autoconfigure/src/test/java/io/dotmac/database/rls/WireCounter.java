package io.dotmac.database.rls;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of PostgreSQL that reads the messages clients send and counts
 * round trips, independently of the code under test: every {@code Sync} (end of an
 * extended-protocol exchange) and every simple {@code Query} is one round trip, except
 * PgJDBC's {@code BEGIN}, which it sends ahead of the next statement without waiting. With
 * PgJDBC's {@code prepareThreshold=0} every execution also sends its SQL text in a
 * {@code Parse} message, so executions of a given statement can be counted too.
 * <p>
 * Connect with {@code sslmode=disable&gssEncMode=disable}: the first message is then the
 * untyped startup message and everything after it is typed.
 */
final class WireCounter implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final AtomicLong roundTrips = new AtomicLong();

	private final List<String> statements = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	WireCounter(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "wire-counter-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * A JDBC URL for a database, through this proxy.
	 */
	String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.server.getLocalPort() + "/" + database
				+ "?sslmode=disable&gssEncMode=disable&prepareThreshold=0";
	}

	long roundTrips() {
		return this.roundTrips.get();
	}

	/**
	 * How many statements sent so far contain the given text.
	 */
	long executions(String containing) {
		return this.statements.stream().filter((sql) -> sql.contains(containing)).count();
	}

	List<String> statements() {
		return List.copyOf(this.statements);
	}

	void reset() {
		this.roundTrips.set(0);
		this.statements.clear();
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(this.targetHost, this.targetPort);
				this.sockets.add(client);
				this.sockets.add(upstream);
				start("wire-counter-up", () -> pumpClientMessages(client, upstream), client, upstream);
				start("wire-counter-down", () -> pump(upstream.getInputStream(), client.getOutputStream()), client,
						upstream);
			}
			catch (IOException ex) {
				if (!this.closed) {
					throw new IllegalStateException(ex);
				}
			}
		}
	}

	private void pumpClientMessages(Socket client, Socket upstream) throws IOException {
		DataInputStream in = new DataInputStream(client.getInputStream());
		OutputStream out = upstream.getOutputStream();
		// Startup message: length, then payload, no type byte.
		int length = in.readInt();
		byte[] startup = new byte[length - 4];
		in.readFully(startup);
		writeInt(out, length);
		out.write(startup);
		out.flush();
		while (true) {
			int type = in.read();
			if (type < 0) {
				return;
			}
			int messageLength = in.readInt();
			byte[] payload = new byte[messageLength - 4];
			in.readFully(payload);
			count((char) type, payload);
			out.write(type);
			writeInt(out, messageLength);
			out.write(payload);
			out.flush();
		}
	}

	private void count(char type, byte[] payload) {
		switch (type) {
			case 'S' -> this.roundTrips.incrementAndGet();
			case 'Q' -> {
				String sql = cString(payload, 0);
				// PgJDBC sends the BEGIN of a transaction as a simple query in the same flush
				// as the transaction's first statement, without waiting for its answer.
				if (!sql.startsWith("BEGIN")) {
					this.roundTrips.incrementAndGet();
				}
				this.statements.add(sql);
			}
			case 'P' -> {
				// Parse: statement name, then the SQL text.
				int nameEnd = indexOfZero(payload, 0);
				this.statements.add(cString(payload, nameEnd + 1));
			}
			default -> {
			}
		}
	}

	private static String cString(byte[] bytes, int from) {
		int end = indexOfZero(bytes, from);
		return new String(bytes, from, end - from, StandardCharsets.UTF_8);
	}

	private static int indexOfZero(byte[] bytes, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == 0) {
				return i;
			}
		}
		return bytes.length;
	}

	private static void writeInt(OutputStream out, int value) throws IOException {
		out.write((value >>> 24) & 0xFF);
		out.write((value >>> 16) & 0xFF);
		out.write((value >>> 8) & 0xFF);
		out.write(value & 0xFF);
	}

	private static void pump(InputStream in, OutputStream out) throws IOException {
		byte[] buffer = new byte[8192];
		int read;
		while ((read = in.read(buffer)) >= 0) {
			out.write(buffer, 0, read);
			out.flush();
		}
	}

	private void start(String name, IoTask task, Socket client, Socket upstream) {
		Thread thread = new Thread(() -> {
			try {
				task.run();
			}
			catch (EOFException ex) {
				// client or server hung up
			}
			catch (IOException ex) {
				// socket closed on shutdown or by a side
			}
			finally {
				// One side gone: hang up the other, so the server ends its session.
				closeQuietly(client);
				closeQuietly(upstream);
				this.sockets.remove(client);
				this.sockets.remove(upstream);
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@FunctionalInterface
	private interface IoTask {

		void run() throws IOException;

	}

}
