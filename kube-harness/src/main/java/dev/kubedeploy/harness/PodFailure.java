package dev.kubedeploy.harness;

/** How {@link Faults#failPods} makes pods fail. */
public enum PodFailure {
  /**
   * Containers keep exiting with code 1 and restarting with back-off: phase {@code Running},
   * container state {@code waiting: CrashLoopBackOff}, restart count growing, never ready.
   */
  CRASH_LOOP_BACK_OFF,
  /**
   * The image cannot be pulled: phase {@code Pending}, container state {@code waiting:
   * ImagePullBackOff}, never started.
   */
  IMAGE_PULL_BACK_OFF,
  /** The pod failed for good: phase {@code Failed}, containers terminated with exit code 1. */
  FAILED
}
