package dev.kubedeploy.benchmark.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The queue benchmark (docs/benchmarks.md): throughput of claim, no-op step and completion at
 * several worker counts on one and two instances, the same workload on db-scheduler, and
 * enqueue-to-start latency with NOTIFY and with polling only. Prints a Markdown report.
 *
 * <p>Options (all {@code --name=value}): {@code server} (JDBC URL of a server ending in '/',
 * default {@code jdbc:postgresql://127.0.0.1:5432/}; {@code embedded} starts an embedded PostgreSQL
 * 17), {@code user} (postgres), {@code database} (kubedeploy_queue_bench), {@code jobs} (100000),
 * {@code concurrency} (1,8,32), {@code instances} (1,2), {@code latency-jobs} (500), {@code
 * latency-rate} (50 a second), {@code peer} (true: also run db-scheduler).
 */
public final class QueueBenchmark {

  private QueueBenchmark() {}

  public static void main(String[] args) throws Exception {
    var options = options(args);
    var server = options.getOrDefault("server", "jdbc:postgresql://127.0.0.1:5432/");
    var jobs = Integer.parseInt(options.getOrDefault("jobs", "100000"));
    var concurrencies = numbers(options.getOrDefault("concurrency", "1,8,32"));
    var instanceCounts = numbers(options.getOrDefault("instances", "1,2"));
    var latencyJobs = Integer.parseInt(options.getOrDefault("latency-jobs", "500"));
    var latencyRate = Integer.parseInt(options.getOrDefault("latency-rate", "50"));
    var peer = Boolean.parseBoolean(options.getOrDefault("peer", "true"));
    var poolSize = 2 * concurrencies.stream().mapToInt(Integer::intValue).max().orElse(8) + 10;

    try (var db =
        BenchmarkDatabase.open(
            "embedded".equals(server) ? null : server,
            options.getOrDefault("user", "postgres"),
            options.getOrDefault("database", "kubedeploy_queue_bench"),
            poolSize)) {
      db.seedDeployments(Math.max(jobs, latencyJobs));
      var report = new StringBuilder();
      report.append(machine(db));

      var queue = new QueueRuns(db);
      var scheduler = new DbSchedulerRuns(db);
      var results = new ArrayList<Throughput[]>();
      for (var instances : instanceCounts) {
        for (var concurrency : concurrencies) {
          var ours = queue.throughput(instances, concurrency, jobs);
          progress(ours);
          var theirs = peer ? scheduler.throughput(instances, concurrency, jobs) : null;
          if (theirs != null) {
            progress(theirs);
          }
          results.add(new Throughput[] {ours, theirs});
        }
      }
      report.append(throughputTable(results, jobs));
      report.append(costTable(results));

      var latencies =
          List.of(
              queue.latency(true, latencyJobs, latencyRate),
              queue.latency(false, latencyJobs, latencyRate));
      report.append(latencyTable(latencies, latencyJobs, latencyRate));
      System.out.println();
      System.out.println(report);
    }
  }

  private static void progress(Throughput run) {
    System.err.printf(
        Locale.ROOT,
        "%s, %d instance(s) x %d workers: %,d jobs in %.2f s = %,.0f jobs/s;"
            + " %.2f write transactions and %.0f WAL bytes per job, CPU per job: JVM %.0f us,"
            + " PostgreSQL %.0f us; machine %.0f%% busy%n",
        run.system(),
        run.instances(),
        run.concurrency(),
        run.jobs(),
        run.nanos() / 1e9,
        run.jobsPerSecond(),
        run.transactionsPerJob(),
        run.walBytesPerJob(),
        run.jvmCpuMicrosPerJob(),
        run.postgresCpuMicrosPerJob(),
        run.cost().machineBusy() * 100);
  }

  private static String throughputTable(List<Throughput[]> results, int jobs) {
    var table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "%n### Throughput: claim -> no-op step -> complete, %,d jobs per run%n%n",
            jobs));
    table.append(
        "| instances | workers each | kubedeploy queue (jobs/s) | db-scheduler (jobs/s) |"
            + " ratio |\n| --- | --- | --- | --- | --- |\n");
    for (var pair : results) {
      var ours = pair[0];
      var theirs = pair[1];
      table.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %,.0f | %s | %s |%n",
              ours.instances(),
              ours.concurrency(),
              ours.jobsPerSecond(),
              theirs == null ? "-" : String.format(Locale.ROOT, "%,.0f", theirs.jobsPerSecond()),
              theirs == null
                  ? "-"
                  : String.format(
                      Locale.ROOT, "%.1fx", ours.jobsPerSecond() / theirs.jobsPerSecond())));
    }
    return table.toString();
  }

  private static String costTable(List<Throughput[]> results) {
    var table = new StringBuilder();
    table.append(
        "\nWhat each run cost per job: write transactions and WAL bytes on the server, CPU of the"
            + " benchmark JVM (clients of both systems run in it) and of the PostgreSQL processes;"
            + " and how busy the machine's cores were (other work included).\n\n");
    table.append(
        "| system | instances | workers each | tx/job | WAL bytes/job | JVM CPU us/job |"
            + " PostgreSQL CPU us/job | machine busy |\n"
            + "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (var pair : results) {
      for (var run : pair) {
        if (run == null) {
          continue;
        }
        table.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %d | %.2f | %.0f | %.0f | %.0f | %.0f%% |%n",
                run.system(),
                run.instances(),
                run.concurrency(),
                run.transactionsPerJob(),
                run.walBytesPerJob(),
                run.jvmCpuMicrosPerJob(),
                run.postgresCpuMicrosPerJob(),
                run.cost().machineBusy() * 100));
      }
    }
    return table.toString();
  }

  private static String latencyTable(List<Latency> latencies, int jobs, int rate) {
    var table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "%n### Enqueue-to-start latency: %d jobs, %d a second, 1 instance x 8 workers%n%n",
            jobs,
            rate));
    table.append("| wake-up | p50 (ms) | p99 (ms) | max (ms) |\n| --- | --- | --- | --- |\n");
    for (var latency : latencies) {
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f | %.1f |%n",
              latency.mode(),
              latency.percentile(50),
              latency.percentile(99),
              latency.percentile(100)));
    }
    return table.toString();
  }

  private static String machine(BenchmarkDatabase db) throws Exception {
    var cpu =
        Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(line -> line.startsWith("model name"))
            .findFirst()
            .map(line -> line.substring(line.indexOf(':') + 1).trim())
            .orElse("unknown");
    var memory =
        Files.readAllLines(Path.of("/proc/meminfo")).stream()
            .filter(line -> line.startsWith("MemTotal"))
            .findFirst()
            .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024 + " GiB")
            .orElse("unknown");
    return String.format(
        Locale.ROOT,
        "Machine: %d cores (%s), %s memory; %s; Java %s%n",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        memory,
        db.queryString("SELECT split_part(version(), ' on ', 1)"),
        System.getProperty("java.version"));
  }

  private static Map<String, String> options(String[] args) {
    var options = new HashMap<String, String>();
    for (var arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("options are --name=value: " + arg);
      }
      var split = arg.substring(2).split("=", 2);
      options.put(split[0], split[1]);
    }
    return options;
  }

  private static List<Integer> numbers(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
  }
}
