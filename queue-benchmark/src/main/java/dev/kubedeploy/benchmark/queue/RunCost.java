package dev.kubedeploy.benchmark.queue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * What a run cost besides time, to say what limits throughput: write transactions (each one a WAL
 * flush unless it shares one), WAL bytes, this JVM's CPU time, and how busy the whole machine was.
 *
 * @param transactions write transactions on the server during the run (txid delta)
 * @param walBytes WAL written during the run
 * @param jvmCpuNanos CPU time of this JVM (both systems' clients run in it)
 * @param postgresCpuNanos CPU time of the PostgreSQL server's processes (when they are local)
 * @param machineBusy share of all cores busy during the run, from /proc/stat (0..1)
 */
record RunCost(
    long transactions, long walBytes, long jvmCpuNanos, long postgresCpuNanos, double machineBusy) {

  /** Linux reports process CPU times in ticks of 1/100 s. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /** Readings at the start of a run. */
  record Start(long txid, String lsn, long jvmCpuNanos, long postgresCpuNanos, long[] cpuTicks) {}

  static Start start(BenchmarkDatabase db) throws Exception {
    return new Start(
        db.queryLong("SELECT txid_current()"),
        db.queryString("SELECT pg_current_wal_lsn()::text"),
        processCpuNanos(),
        serverCpuNanos(),
        cpuTicks());
  }

  static RunCost since(Start start, BenchmarkDatabase db) throws Exception {
    var ticks = cpuTicks();
    var total = ticks[0] - start.cpuTicks()[0];
    var idle = ticks[1] - start.cpuTicks()[1];
    return new RunCost(
        db.queryLong("SELECT txid_current()") - start.txid() - 1,
        walBytesSince(db, start.lsn()),
        processCpuNanos() - start.jvmCpuNanos(),
        serverCpuNanos() - start.postgresCpuNanos(),
        total == 0 ? 0 : 1.0 - (double) idle / total);
  }

  private static long walBytesSince(BenchmarkDatabase db, String lsn) throws SQLException {
    return db.queryLong("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + lsn + "')::bigint");
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** User and system CPU of every process named postgres (the server and its backends). */
  private static long serverCpuNanos() throws Exception {
    var ticks = 0L;
    try (var processes = Files.list(Path.of("/proc"))) {
      for (var dir : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          var stat = Files.readString(dir.resolve("stat"));
          var name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (name.equals("postgres")) {
            var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended while we looked
        }
      }
    }
    return ticks * NANOS_PER_TICK;
  }

  /** All CPU ticks and idle ticks (idle + iowait) of the machine so far. */
  private static long[] cpuTicks() throws Exception {
    var fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
    long total = 0;
    for (var i = 1; i < fields.length; i++) {
      total += Long.parseLong(fields[i]);
    }
    return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
  }
}
