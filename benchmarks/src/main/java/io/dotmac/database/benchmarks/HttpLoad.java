package io.dotmac.database.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop HTTP load driver: a fixed number of workers, each sending the next request as
 * soon as the previous answer arrives, for a fixed time. Every answer must have the expected
 * status; anything else counts as an error and fails the benchmark.
 */
final class HttpLoad {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int workers;

	HttpLoad(int workers) {
		this.workers = workers;
	}

	/** Requests completed and per second over {@code duration}; each worker takes its next request from {@code requests}. */
	Result run(Supplier<HttpRequest> requests, int expectedStatus, Duration duration) throws InterruptedException {
		LongAdder ok = new LongAdder();
		LongAdder errors = new LongAdder();
		AtomicBoolean running = new AtomicBoolean(true);
		CountDownLatch done = new CountDownLatch(this.workers);
		long start = System.nanoTime();
		for (int i = 0; i < this.workers; i++) {
			Thread worker = new Thread(() -> {
				try {
					while (running.get()) {
						HttpRequest request = requests.get();
						HttpResponse<Void> response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
						if (response.statusCode() == expectedStatus) {
							ok.increment();
						}
						else {
							errors.increment();
						}
					}
				}
				catch (Exception ex) {
					errors.increment();
				}
				finally {
					done.countDown();
				}
			}, "http-load-" + i);
			worker.setDaemon(true);
			worker.start();
		}
		Thread.sleep(duration.toMillis());
		running.set(false);
		done.await();
		double seconds = (System.nanoTime() - start) / 1e9;
		if (errors.sum() > 0) {
			throw new IllegalStateException(errors.sum() + " requests failed or had an unexpected status");
		}
		return new Result(ok.sum(), ok.sum() / seconds);
	}

	/** Requests completed in a round and requests per second. */
	record Result(long requests, double perSecond) {
	}

}
