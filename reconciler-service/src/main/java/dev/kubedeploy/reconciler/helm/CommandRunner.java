package dev.kubedeploy.reconciler.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process with a deadline. Past the deadline the whole process tree gets SIGTERM (Helm
 * then marks the release failed instead of leaving it pending), and SIGKILL after a grace period.
 * Each stream's tail is kept within a bound, so a chatty process cannot fill the heap.
 */
final class CommandRunner {

  private final Duration killGrace;

  CommandRunner(Duration killGrace) {
    this.killGrace = killGrace;
  }

  /**
   * Runs {@code command} with {@code environment} as its whole environment (nothing of this
   * process's own is inherited), its stdin closed.
   *
   * @throws CommandDeadlineException when the deadline passed (the tree is killed by then)
   * @throws InterruptedException when the calling thread is interrupted (the tree is killed too)
   */
  CommandResult run(
      List<String> command,
      Map<String, String> environment,
      Duration deadline,
      int stdoutLimit,
      int stderrLimit)
      throws InterruptedException {
    var builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    var started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.getFirst(), e);
    }
    var stdout = new TailBuffer(stdoutLimit);
    var stderr = new TailBuffer(stderrLimit);
    var stdoutReader = Thread.ofVirtual().start(() -> stdout.drain(process.getInputStream()));
    var stderrReader = Thread.ofVirtual().start(() -> stderr.drain(process.getErrorStream()));
    try {
      if (!process.waitFor(deadline.toNanos(), TimeUnit.NANOSECONDS)) {
        killTree(process);
        awaitReaders(stdoutReader, stderrReader);
        throw new CommandDeadlineException(command, deadline, stderr.text());
      }
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
    awaitReaders(stdoutReader, stderrReader);
    return new CommandResult(
        process.exitValue(),
        stdout.text(),
        stdout.truncated(),
        stderr.text(),
        Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * SIGTERM to the process and its descendants, SIGKILL to whatever is left after the grace. An
   * interrupt while it waits cuts the grace short but never the kill: the queue interrupts a worker
   * to stop its helm before its lease can expire, and may interrupt it again (job timeout, lease
   * lost, shutdown) while the first kill is under way. The interrupt is kept for the caller.
   */
  private void killTree(Process process) {
    var tree = process.descendants().toList();
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    var interrupted = false;
    try {
      if (!process.waitFor(killGrace.toNanos(), TimeUnit.NANOSECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      interrupted = true;
      process.destroyForcibly();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(killGrace.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A grandchild that inherited the pipes could keep them open after the process exits; the readers
   * are then left to finish on their own rather than hang the caller.
   */
  private void awaitReaders(Thread... readers) throws InterruptedException {
    for (var reader : readers) {
      reader.join(killGrace);
    }
  }
}
