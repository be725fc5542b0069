package dev.kubedeploy.reconciler.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {

  private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(2));

  @TempDir Path folder;

  @Test
  void exitCodeOutputAndEnvironmentArePassedThrough() throws Exception {
    var result =
        runner.run(
            List.of("sh", "-c", "echo out; echo err >&2; echo $GREETING; exit 3"),
            Map.of("GREETING", "hello"),
            Duration.ofSeconds(10),
            1024,
            1024);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("out\nhello\n");
    assertThat(result.stderr()).isEqualTo("err\n");
    assertThat(result.stdoutTruncated()).isFalse();
  }

  @Test
  void onlyTheTailOfALongOutputIsKept() throws Exception {
    var result =
        runner.run(List.of("sh", "-c", "seq 1 100000"), Map.of(), Duration.ofSeconds(10), 100, 100);

    assertThat(result.stdoutTruncated()).isTrue();
    assertThat(result.stdout()).startsWith("[").endsWith("99999\n100000\n");
    assertThat(result.stdout()).contains("earlier bytes dropped");
  }

  @Test
  void aProcessTreePastItsDeadlineIsKilled() throws Exception {
    var pids = folder.resolve("pids");
    // the child ignores SIGTERM, so only the SIGKILL after the grace ends it
    var script =
        "sh -c 'trap \"\" TERM; echo $$ >> " + pids + "; sleep 60' & echo $$ >> " + pids + "; wait";

    assertThatThrownBy(
            () ->
                runner.run(
                    List.of("sh", "-c", script), Map.of(), Duration.ofMillis(500), 1024, 1024))
        .isInstanceOf(CommandDeadlineException.class)
        .hasMessageContaining("deadline");

    var started = Files.readAllLines(pids);
    assertThat(started).hasSize(2);
    // a killed process may linger as a zombie until its parent reaps it
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(started)
                    .allSatisfy(
                        pid ->
                            assertThat(
                                    ProcessHandle.of(Long.parseLong(pid.strip()))
                                        .map(ProcessHandle::isAlive))
                                .as("process %s", pid)
                                .isNotEqualTo(Optional.of(true))));
  }

  /**
   * The queue may interrupt a worker twice (its lease could not be renewed, then shutdown): the
   * second interrupt, arriving while the first kill waits for a child that ignores SIGTERM, must
   * hasten the kill, not abandon it.
   */
  @Test
  void aSecondInterruptDuringTheKillGraceStillKillsTheChild() throws Exception {
    var child = HelmLikeChild.ignoringSigterm(4701, Duration.ofMinutes(5));
    var worker =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    child.run();
                  } catch (InterruptedException expected) {
                    // the worker was stopped
                  }
                });
    await().atMost(Duration.ofSeconds(10)).until(child::alive);

    worker.interrupt();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                List.of(worker.getStackTrace()).stream()
                    .anyMatch(frame -> frame.getMethodName().equals("killTree")));
    worker.interrupt();

    await().atMost(Duration.ofSeconds(20)).until(() -> !child.alive());
    worker.join(Duration.ofSeconds(20));
    assertThat(worker.isAlive()).isFalse();
  }
}
