package dev.kubedeploy.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion and captures its output; fails the test when it outlives its
 * deadline.
 */
final class Command {

  /** What a finished command left behind. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean succeeded() {
      return exitCode == 0;
    }

    String output() {
      return stdout + stderr;
    }
  }

  private Command() {}

  static Result run(List<String> command, Duration deadline) {
    return run(command, Map.of(), deadline);
  }

  static Result run(List<String> command, Map<String, String> environment, Duration deadline) {
    try {
      var stdout = Files.createTempFile("command", ".out");
      var stderr = Files.createTempFile("command", ".err");
      try {
        var builder =
            new ProcessBuilder(command)
                .directory(Repository.root().toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        var process = builder.start();
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
          throw new IllegalStateException(command + " did not finish within " + deadline);
        }
        return new Result(process.exitValue(), read(stdout), read(stderr));
      } finally {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
