package dev.kubedeploy.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process a test started in the background ({@link Command#start}), its output in a log file.
 * Closing it stops it gracefully: SIGTERM, then SIGKILL if it has not stopped within 30 seconds.
 */
public final class RunningProcess implements AutoCloseable {

  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);

  private final String command;
  private final Process process;
  private final Path log;

  RunningProcess(String command, Process process, Path log) {
    this.command = command;
    this.process = process;
    this.log = log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** The process itself, for CPU accounting. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /**
   * The first line of the log that {@code wanted} accepts, once the process has written it; fails
   * early, with the log's tail, if the process exits without writing it.
   */
  public String awaitLine(Predicate<String> wanted, Duration timeout) {
    var deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      var exited = !process.isAlive();
      var line = lines().stream().filter(wanted).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (exited) {
        throw new IllegalStateException(
            command + " exited with " + process.exitValue() + ":\n" + logTail());
      }
      pause(POLL);
    }
    throw new IllegalStateException(
        command + " wrote no such line within " + timeout + ":\n" + logTail());
  }

  /** Waits for the process to end; returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            command + " still running after " + timeout + ":\n" + logTail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * SIGKILL, as a crash or the OOM killer would: the process gets no say, and its child processes
   * live on. Returns the children it had, for a test that must end them later.
   */
  public List<ProcessHandle> kill() {
    var children = process.toHandle().descendants().toList();
    process.destroyForcibly();
    try {
      process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return children;
  }

  /** Sends the signal {@code name} ({@code STOP}, {@code CONT}, ...) to the process only. */
  public void signal(String name) {
    Command.of("kill", "-" + name, Long.toString(process.pid()))
        .run(Duration.ofSeconds(10))
        .orThrow();
  }

  /** The last lines the process wrote, for failure messages. */
  public String logTail() {
    try {
      return Command.tail(Files.readString(log));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, then SIGKILL if the process has not stopped within {@code grace}. */
  public void stop(Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(GRACE);
  }

  private List<String> lines() {
    try {
      return Files.readAllLines(log);
    } catch (IOException e) {
      return List.of();
    }
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
