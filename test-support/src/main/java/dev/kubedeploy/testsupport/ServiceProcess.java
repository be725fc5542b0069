package dev.kubedeploy.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A packaged service (a {@code quarkus-run.jar}) running in its own JVM, as production runs it: for
 * tests that need real processes, real ports and real HTTP. Its output goes to a log file.
 */
public final class ServiceProcess implements AutoCloseable {

  private final String name;
  private final RunningProcess process;

  private ServiceProcess(String name, RunningProcess process) {
    this.name = name;
    this.process = process;
  }

  /** Starts {@code jar} with the JVM running this test, the given flags and environment. */
  public static ServiceProcess start(
      String name, Path jar, List<String> jvmFlags, Map<String, String> environment, Path logDir) {
    if (Files.notExists(jar)) {
      throw new IllegalStateException(jar + " does not exist: package the service first");
    }
    var command = new ArrayList<String>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", jar.toString()));
    return new ServiceProcess(
        name,
        Command.of(command)
            .environment(environment)
            .directory(logDir)
            .start(logDir.resolve(name + ".log")));
  }

  /** A TCP port nobody listens on right now. */
  public static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until {@code url} answers 200; fails early, with the log's tail, if the process exits.
   */
  public void awaitReady(String url, Duration timeout) {
    var client = HttpClient.newHttpClient();
    var deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited during start:\n" + logTail());
      }
      if (status(client, url) == 200) {
        return;
      }
      RunningProcess.pause(Duration.ofMillis(250));
    }
    throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + logTail());
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /**
   * SIGKILL, as a crash or the OOM killer would: the JVM gets no say, and its child processes live
   * on. Returns the children it had, for a test that must end them later.
   */
  public List<ProcessHandle> kill() {
    return process.kill();
  }

  /** SIGTERM, as the kubelet sends when it stops a pod, without waiting for the process to end. */
  public void terminate() {
    process.signal("TERM");
  }

  /** SIGSTOP to the JVM only: it freezes, while its child processes keep running. */
  public void suspend() {
    process.signal("STOP");
  }

  /** SIGCONT: a suspended JVM runs on. */
  public void resume() {
    process.signal("CONT");
  }

  /** Waits for a one-shot run (such as {@code -Dquarkus.init-and-exit=true}) to end. */
  public int awaitExit(Duration timeout) {
    return process.awaitExit(timeout);
  }

  /** The last 60 lines the process wrote, for failure messages. */
  public String logTail() {
    return process.logTail();
  }

  /** SIGTERM, then SIGKILL if the process has not stopped within 30 seconds. */
  @Override
  public void close() {
    process.close();
  }

  private static int status(HttpClient client, String url) {
    try {
      var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
