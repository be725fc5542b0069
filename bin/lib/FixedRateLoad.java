import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A constant-rate HTTP GET loader in the manner of wrk2: request i is due at start + i / rate, and
 * its latency counts from that due time, not from when a connection was free to send it. A server
 * that stalls therefore shows its stall in every request that was due meanwhile (no coordinated
 * omission), which a closed-loop loader like wrk hides.
 *
 * <p>Usage: {@code java FixedRateLoad.java URL_PREFIX ID_COUNT TOKEN RATE SECONDS CONNECTIONS};
 * each request asks URL_PREFIX followed by a random number from 1 to ID_COUNT. Prints {@code
 * <achieved req/s> <p50 ms> <p90 ms> <p99 ms> <p99.9 ms> <max ms> <non-200 answers>}.
 */
public final class FixedRateLoad {

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: FixedRateLoad URL_PREFIX ID_COUNT TOKEN RATE SECONDS CONNECTIONS");
      System.exit(2);
    }
    var prefix = args[0];
    int ids = Integer.parseInt(args[1]);
    var token = args[2];
    double rate = Double.parseDouble(args[3]);
    int seconds = Integer.parseInt(args[4]);
    int connections = Integer.parseInt(args[5]);
    int total = (int) Math.round(rate * seconds);
    long intervalNanos = Math.round(1e9 / rate);
    var client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    var latencies = new long[total];
    var next = new AtomicLong();
    var failures = new AtomicLong();
    long start = System.nanoTime() + 100_000_000L;

    Runnable worker =
        () -> {
          for (long i; (i = next.getAndIncrement()) < total; ) {
            long due = start + i * intervalNanos;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
              sleepNanos(wait);
            }
            var request =
                HttpRequest.newBuilder(
                        URI.create(prefix + ThreadLocalRandom.current().nextInt(1, ids + 1)))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30))
                    .build();
            try {
              var response = client.send(request, HttpResponse.BodyHandlers.discarding());
              if (response.statusCode() != 200) {
                failures.incrementAndGet();
              }
            } catch (Exception e) {
              failures.incrementAndGet();
            }
            latencies[(int) i] = System.nanoTime() - due;
          }
        };
    var threads = new Thread[connections];
    for (int t = 0; t < connections; t++) {
      threads[t] = Thread.ofPlatform().start(worker);
    }
    for (var thread : threads) {
      thread.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    Arrays.sort(latencies);
    System.out.printf(
        "%.0f %.2f %.2f %.2f %.2f %.2f %d%n",
        total / elapsed,
        millis(latencies, 0.50),
        millis(latencies, 0.90),
        millis(latencies, 0.99),
        millis(latencies, 0.999),
        latencies[total - 1] / 1e6,
        failures.get());
  }

  private static double millis(long[] sorted, double quantile) {
    int index = Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(Duration.ofNanos(Math.min(nanos, 50_000_000L)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
