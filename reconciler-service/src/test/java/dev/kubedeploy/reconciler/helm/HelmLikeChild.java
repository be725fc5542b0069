package dev.kubedeploy.reconciler.helm;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A long-running child process started the way helm is (through {@link CommandRunner}), for tests
 * of other packages that must see what happens to helm when its worker is stopped. Each child is a
 * {@code sleep} named by its number of seconds, so that a test can find its own.
 */
public final class HelmLikeChild {

  private final long seconds;
  private final boolean ignoresSigterm;
  private final CommandRunner runner;

  private HelmLikeChild(long seconds, boolean ignoresSigterm, Duration killGrace) {
    this.seconds = seconds;
    this.ignoresSigterm = ignoresSigterm;
    this.runner = new CommandRunner(killGrace);
  }

  /** A child that ends on SIGTERM. */
  public static HelmLikeChild sleeping(long seconds) {
    return new HelmLikeChild(seconds, false, Duration.ofSeconds(2));
  }

  /** A child that ignores SIGTERM (a helm busy writing its release), killed after the grace. */
  public static HelmLikeChild ignoringSigterm(long seconds, Duration killGrace) {
    return new HelmLikeChild(seconds, true, killGrace);
  }

  /** Runs the child to its end; interrupting the caller kills it and throws. */
  public void run() throws InterruptedException {
    var sleep = "exec sleep " + seconds;
    var command = ignoresSigterm ? "trap '' TERM; " + sleep : sleep;
    runner.run(
        List.of("sh", "-c", command), Map.of(), Duration.ofSeconds(seconds + 60), 1024, 1024);
  }

  /** Whether this JVM has such a child alive. */
  public boolean alive() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .anyMatch(
            process ->
                process
                    .info()
                    .arguments()
                    .map(arguments -> List.of(arguments).contains(Long.toString(seconds)))
                    .orElse(false));
  }
}
