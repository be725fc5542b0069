package dev.kubedeploy.benchmark.queue;

/** One throughput run: how many jobs, on how many instances and workers, in how long. */
record Throughput(
    String system, int instances, int concurrency, long jobs, long nanos, RunCost cost) {

  double jobsPerSecond() {
    return jobs / (nanos / 1e9);
  }

  double transactionsPerJob() {
    return (double) cost.transactions() / jobs;
  }

  double walBytesPerJob() {
    return (double) cost.walBytes() / jobs;
  }

  double jvmCpuMicrosPerJob() {
    return cost.jvmCpuNanos() / 1e3 / jobs;
  }

  double postgresCpuMicrosPerJob() {
    return cost.postgresCpuNanos() / 1e3 / jobs;
  }
}
