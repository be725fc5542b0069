package dev.kubedeploy.benchmark.queue;

import java.util.Arrays;

/** Enqueue-to-start latencies of one run, in milliseconds. */
record Latency(String mode, double[] millis) {

  double percentile(double p) {
    var sorted = millis.clone();
    Arrays.sort(sorted);
    var index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
