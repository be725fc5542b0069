import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a service process, asks its readiness URL every 5 ms and prints one line once it answers
 * 200: {@code <ms from process start to ready> <RSS kB at ready> <CPU ms of the process until
 * ready>}; then stops the process with SIGTERM. bin/bench-start runs it (java StartProbe.java URL
 * LOG COMMAND...), with the service's environment already exported.
 *
 * <p>CPU time is what the start costs whatever else runs on the machine; the wall time is what a
 * caller waits, and on a shared machine it grows with the load.
 */
public final class StartProbe {

  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: StartProbe READY_URL LOG_FILE COMMAND...");
      System.exit(2);
    }
    var ready = URI.create(args[0]).toURL();
    var log = new File(args[1]);
    var command = List.of(Arrays.copyOfRange(args, 2, args.length));
    answersOk(ready); // loads the HTTP client classes before the clock starts

    long started = System.nanoTime();
    var process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
    try {
      long deadline = started + TimeUnit.MINUTES.toNanos(5);
      while (!answersOk(ready)) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the service exited during start; see " + log);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the service was not ready within 5 minutes; see " + log);
        }
        Thread.sleep(5);
      }
      long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      System.out.println(readyMillis + " " + rssKb(process.pid()) + " " + cpuMillis(process.pid()));
    } finally {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static boolean answersOk(java.net.URL url) {
    try {
      var connection = (HttpURLConnection) url.openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(5000);
      try {
        return connection.getResponseCode() == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException notYet) {
      return false;
    }
  }

  private static long rssKb(long pid) throws IOException {
    for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  /** utime + stime of the process (fields 14 and 15 of /proc/PID/stat), in ms. */
  private static long cpuMillis(long pid) throws IOException {
    var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    var fields = new ArrayList<>(List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" ")));
    long ticks = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
    return ticks * 1000 / TICKS_PER_SECOND;
  }
}
