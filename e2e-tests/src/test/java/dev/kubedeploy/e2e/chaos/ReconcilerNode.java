package dev.kubedeploy.e2e.chaos;

import dev.kubedeploy.e2e.Platform;
import dev.kubedeploy.testsupport.ServiceProcess;
import dev.kubedeploy.testsupport.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One reconciler replica, as a StatefulSet pod would be: a fixed instance name across restarts, its
 * own connection to PostgreSQL through a proxy the test controls, and, per process (incarnation), a
 * kubeconfig of its own so that the harness attributes each write to the process that made it.
 */
final class ReconcilerNode implements AutoCloseable {

  private static final Duration START = Duration.ofMinutes(3);
  private static final int START_TRIES = 5;

  private final String name;
  private final TcpProxy database;
  private final Function<String, Map<String, String>> environment;
  private final Path logDir;
  private final List<ProcessHandle> orphans = new ArrayList<>();
  private ServiceProcess process;
  private int incarnation;
  private int port;
  private boolean suspended;

  /**
   * @param environment the process's environment for a writer name (its kubeconfig's user)
   */
  ReconcilerNode(
      String name,
      TcpProxy database,
      Function<String, Map<String, String>> environment,
      Path logDir) {
    this.name = name;
    this.database = database;
    this.environment = environment;
    this.logDir = logDir;
  }

  String name() {
    return name;
  }

  TcpProxy database() {
    return database;
  }

  /** The writer name of the running process: the instance name and the incarnation. */
  synchronized String writer() {
    return name + "." + incarnation;
  }

  /**
   * Starts a new process and waits until it is live. One that exits during its start (its database
   * connections were cut or PostgreSQL was restarting just then) is started again, as the kubelet
   * restarts a crashed container: a replica must not stay down for the rest of the run because it
   * came back during another fault.
   */
  synchronized void start() {
    for (var tries = 1; ; tries++) {
      launch();
      try {
        process.awaitReady("http://127.0.0.1:" + port + "/q/health/live", START);
        return;
      } catch (IllegalStateException e) {
        if (process.isAlive() || tries == START_TRIES) {
          throw e;
        }
        System.out.printf("chaos: %s exited during its start; starting it again%n", writer());
      }
    }
  }

  private void launch() {
    incarnation++;
    port = ServiceProcess.freePort();
    var env = new HashMap<>(environment.apply(writer()));
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("APP_QUEUE_INSTANCE_NAME", name);
    process =
        ServiceProcess.start(
            writer(),
            Platform.jar(Platform.RECONCILER_JAR),
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            env,
            logDir);
  }

  /** SIGKILL; its helm children live on, as they would after a crash. */
  synchronized void kill() {
    orphans.addAll(process.kill());
    suspended = false;
  }

  synchronized void suspend() {
    process.suspend();
    suspended = true;
  }

  synchronized void resume() {
    if (suspended && process.isAlive()) {
      process.resume();
    }
    suspended = false;
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** Back to a running process with a connected database: what healing means for a replica. */
  synchronized void heal() {
    resume();
    database.resume();
    if (!alive()) {
      start();
    }
  }

  @Override
  public synchronized void close() {
    resume();
    if (process != null) {
      process.close();
    }
    // helm processes a killed incarnation left behind: the test started them, the test ends them
    orphans.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    database.close();
  }
}
