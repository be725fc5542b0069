package dev.kubedeploy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTest {

  @TempDir Path folder;

  @Test
  void aRunKeepsStdoutAndStderrApartWithItsEnvironmentAndFolder() throws Exception {
    var result =
        Command.of("sh", "-c", "echo \"$GREETING from $(pwd)\"; echo warned >&2; exit 3")
            .environment(Map.of("GREETING", "hello"))
            .directory(folder)
            .run(Duration.ofSeconds(30));

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.stdout()).isEqualTo("hello from " + folder.toRealPath() + "\n");
    assertThat(result.stderr()).isEqualTo("warned\n");
  }

  @Test
  void aFailedCommandThatMustSucceedNamesItselfItsExitCodeAndItsLastLines() {
    var failing = Command.of("sh", "-c", "seq 1 100; echo broken >&2; exit 2");

    assertThatThrownBy(() -> failing.output(Duration.ofSeconds(30)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("sh -c seq 1 100; echo broken >&2; exit 2 exited with 2:\n")
        .hasMessageContaining("\n100\nbroken")
        .hasMessageNotContaining("\n40\n");
  }

  @Test
  void aCommandPastItsDeadlineIsKilledAndNamed() {
    var sleeper = Command.of("sh", "-c", "echo waiting; exec sleep 60");

    assertThatThrownBy(() -> sleeper.run(Duration.ofMillis(500)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exec sleep 60 did not finish within PT0.5S")
        .hasMessageEndingWith("waiting");
  }

  @Test
  void aStartedProcessWritesItsLogAndStopsOnSigterm() {
    var log = folder.resolve("server.log");
    try (var server =
        Command.of("sh", "-c", "echo starting >&2; echo ready; exec sleep 60").start(log)) {

      assertThat(server.awaitLine(line -> line.startsWith("ready"), Duration.ofSeconds(30)))
          .isEqualTo("ready");
      assertThat(server.logTail()).contains("starting");

      server.stop(Duration.ofSeconds(10));

      assertThat(server.isAlive()).isFalse();
      assertThat(server.awaitExit(Duration.ofSeconds(1))).isEqualTo(143);
    }
  }

  @Test
  void waitingForALineAProcessNeverWritesEndsWhenItExits() {
    var process = Command.of("sh", "-c", "echo other; exit 1").start(folder.resolve("x.log"));

    assertThatThrownBy(() -> process.awaitLine("ready"::equals, Duration.ofSeconds(30)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with 1")
        .hasMessageEndingWith("other");
  }
}
