package dev.kubedeploy.benchmark.queue;

/** One throughput run: how many jobs, on how many instances and workers, in how long. */
record Throughput(String system, int instances, int concurrency, long jobs, long nanos) {

  double jobsPerSecond() {
    return jobs / (nanos / 1e9);
  }
}
