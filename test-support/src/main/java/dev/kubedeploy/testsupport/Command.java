package dev.kubedeploy.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command a test runs: to completion within a deadline ({@link #run}, {@link #output}), or in the
 * background with its output in a log file ({@link #start}). The one place tests and test support
 * start processes, so that each failure names the command and shows what it said last.
 */
public final class Command {

  /** How many lines of output a failure message shows. */
  static final int TAIL_LINES = 60;

  private final List<String> arguments;
  private final Map<String, String> environment;
  private final Path directory;

  private Command(List<String> arguments, Map<String, String> environment, Path directory) {
    this.arguments = List.copyOf(arguments);
    this.environment = Map.copyOf(environment);
    this.directory = directory;
  }

  public static Command of(String... arguments) {
    return of(List.of(arguments));
  }

  public static Command of(List<String> arguments) {
    return new Command(arguments, Map.of(), null);
  }

  /** The same command with {@code added} on top of the environment it inherits. */
  public Command environment(Map<String, String> added) {
    var merged = new HashMap<>(environment);
    merged.putAll(added);
    return new Command(arguments, merged, directory);
  }

  /** The same command run in {@code folder} instead of the test's working folder. */
  public Command directory(Path folder) {
    return new Command(arguments, environment, folder);
  }

  /**
   * Runs the command to its end and returns whatever exit code it had.
   *
   * @throws IllegalStateException when it outlives {@code deadline} (it is killed by then)
   */
  public Result run(Duration deadline) {
    try {
      var stdout = Files.createTempFile("command", ".out");
      var stderr = Files.createTempFile("command", ".err");
      try {
        var process = builder().redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        var started = process.start();
        if (!started.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
          started.descendants().forEach(ProcessHandle::destroyForcibly);
          started.destroyForcibly().waitFor();
          throw new IllegalStateException(
              this
                  + " did not finish within "
                  + deadline
                  + ":\n"
                  + tail(read(stdout) + read(stderr)));
        }
        return new Result(toString(), started.exitValue(), read(stdout), read(stderr));
      } finally {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + this, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What a command that must succeed within {@code deadline} wrote to stdout. */
  public String output(Duration deadline) {
    return run(deadline).orThrow().stdout();
  }

  /** Starts the command in the background, its stdout and stderr going to {@code log}. */
  public RunningProcess start(Path log) {
    try {
      var process = builder().redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new RunningProcess(toString(), process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + this, e);
    }
  }

  @Override
  public String toString() {
    return String.join(" ", arguments);
  }

  private ProcessBuilder builder() {
    var builder = new ProcessBuilder(arguments);
    builder.environment().putAll(environment);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    return builder;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** The last {@value #TAIL_LINES} lines of {@code text}. */
  static String tail(String text) {
    var lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  /** What a finished command left behind. */
  public record Result(String command, int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
      return exitCode == 0;
    }

    /** Stdout, then stderr. */
    public String output() {
      return stdout + stderr;
    }

    /**
     * This result when the command succeeded.
     *
     * @throws IllegalStateException naming the command, its exit code and its output's tail
     */
    public Result orThrow() {
      if (!succeeded()) {
        throw new IllegalStateException(
            command + " exited with " + exitCode + ":\n" + tail(output()));
      }
      return this;
    }
  }
}
