package dev.kubedeploy.harness.controller;

/** How the simulated kubelet runs a pod. */
public enum PodHealth {
  /** Containers running and ready. */
  HEALTHY,
  /** Containers running, readiness failing: the pod never turns ready. */
  NOT_READY,
  /** Containers exiting and restarted with back-off: {@code CrashLoopBackOff}, not ready. */
  CRASH_LOOP,
  /** The image cannot be pulled: phase {@code Pending}, {@code ImagePullBackOff}, not ready. */
  IMAGE_PULL_ERROR,
  /** The pod failed for good: phase {@code Failed}. */
  FAILED
}
