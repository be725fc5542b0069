package dev.kubedeploy.e2e.chaos;

import dev.kubedeploy.harness.ApiFault;
import dev.kubedeploy.testsupport.TcpProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Breaks the platform at random, reproducibly from the seed, until told to stop. Each fault holds
 * for a while and then heals itself; faults on different parts (a reconciler, its database
 * connection, the API's database connection, PostgreSQL, the cluster) may overlap, two on the same
 * part never do.
 */
final class FaultInjector {

  private static final Duration STOP_BOUND = Duration.ofMinutes(3);

  /**
   * What one fault breaks and for how long; heals what it broke when the hold is over. Its kind
   * names what was done, whichever part it was done to.
   */
  private record Fault(
      String kind, String description, Set<String> parts, Duration hold, Runnable heal) {}

  /** The part that stands for the api-service's database connections. */
  private static final String API_DATABASE = "api/db";

  private final ChaosPlatform platform;
  private final ChaosSettings settings;
  private final Supplier<List<TrackedDeployment>> alive;
  private final Random random;
  private final Set<String> busy = new HashSet<>();
  private final List<Thread> holds = new ArrayList<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicInteger injected = new AtomicInteger();
  private final Set<String> kinds = new HashSet<>();
  private final Instant start = Instant.now();
  private Thread loop;

  FaultInjector(
      ChaosPlatform platform, ChaosSettings settings, Supplier<List<TrackedDeployment>> alive) {
    this.platform = platform;
    this.settings = settings;
    this.alive = alive;
    this.random = new Random(settings.seed() ^ 0x5DEECE66DL);
  }

  void start() {
    loop = Thread.ofPlatform().name("chaos-faults").start(this::run);
  }

  /** Stops injecting and waits (bounded) for the faults still holding to heal themselves. */
  void stop() throws InterruptedException {
    stop.countDown();
    loop.join(STOP_BOUND);
    for (var hold : List.copyOf(holds)) {
      hold.join(STOP_BOUND);
    }
  }

  int injected() {
    return injected.get();
  }

  /** The different kinds of fault injected so far. */
  synchronized Set<String> kinds() {
    return Set.copyOf(kinds);
  }

  private void run() {
    try {
      // let the first deployments arrive before anything breaks
      if (stop.await(5, TimeUnit.SECONDS)) {
        return;
      }
      while (!stop.await(
          1000 + random.nextInt((int) settings.faultGap().toMillis()), TimeUnit.MILLISECONDS)) {
        var fault = next();
        if (fault != null) {
          begin(fault);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void begin(Fault fault) {
    busy.addAll(fault.parts());
    kinds.add(fault.kind());
    var number = injected.incrementAndGet();
    System.out.printf(
        "chaos: fault %d at %ds: %s for %ds%n",
        number,
        Duration.between(start, Instant.now()).toSeconds(),
        fault.description(),
        fault.hold().toSeconds());
    holds.add(
        Thread.ofPlatform()
            .name("chaos-fault-" + number)
            .start(
                () -> {
                  try {
                    // a fault lasts its hold even when the run stops meanwhile
                    Thread.sleep(fault.hold());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    fault.heal().run();
                    release(fault);
                  }
                }));
  }

  private synchronized void release(Fault fault) {
    busy.removeAll(fault.parts());
  }

  /** The next fault, chosen by the seed; null when the part it would break is already broken. */
  private synchronized Fault next() {
    var node = platform.reconcilers.get(random.nextInt(platform.reconcilers.size()));
    var lease = settings.lease();
    var choice = random.nextInt(100);
    var seconds = random.nextInt(5);
    if (choice < 18) {
      return free(node.name()) ? kill(node, Duration.ofSeconds(1 + seconds)) : null;
    }
    if (choice < 36) {
      return free(node.name()) ? suspend(node, lease.plusSeconds(2 + seconds)) : null;
    }
    // a quarter of the connection faults hit the API's: its acknowledged writes must survive them
    var apiSide = random.nextInt(4) == 0;
    var connections = apiSide ? platform.apiDatabase : node.database();
    var connectionsPart = apiSide ? API_DATABASE : node.name() + "/db";
    var owner = apiSide ? "the api-service" : node.name();
    if (choice < 48) {
      return free(connectionsPart) ? cut(connections, connectionsPart, owner) : null;
    }
    if (choice < 62) {
      return free(connectionsPart)
          ? halfOpen(connections, connectionsPart, owner, lease.plusSeconds(1 + seconds))
          : null;
    }
    if (choice < 72) {
      return free("postgres") ? restartPostgres(Duration.ofSeconds(1 + seconds / 2)) : null;
    }
    if (choice < 84) {
      return free("cluster")
          ? clusterOutage(settings.retryBudget().plusSeconds(5 + 2L * seconds))
          : null;
    }
    if (choice < 92) {
      return free("cluster") ? slowHelm(lease.plusSeconds(3 + seconds), 2 + seconds) : null;
    }
    return free("cluster") && free(node.name())
        ? frozenWhileHelmIsSlow(node, lease.plusSeconds(3 + seconds))
        : null;
  }

  /**
   * The case a lease exists for: a reconciler frozen past its lease while its helm children, slowed
   * down by the cluster, are still mid-operation and run on; another reconciler takes the job over.
   */
  private Fault frozenWhileHelmIsSlow(ReconcilerNode node, Duration hold) {
    var faults = platform.cluster.faults();
    faults.inject(
        ApiFault.delay(settings.lease().plusSeconds(4))
            .onMethod("PUT")
            .onPath("/secrets/sh\\.helm"));
    node.suspend();
    return new Fault(
        "frozen-while-helm-is-slow",
        "SIGSTOP "
            + node.name()
            + " while release updates are held "
            + (settings.lease().toSeconds() + 4)
            + "s",
        Set.of("cluster", node.name()),
        hold,
        () -> {
          node.resume();
          faults.clear();
        });
  }

  private boolean free(String part) {
    return !busy.contains(part);
  }

  private Fault kill(ReconcilerNode node, Duration down) {
    node.kill();
    return new Fault(
        "kill",
        "kill -9 " + node.name() + ", then restart",
        Set.of(node.name()),
        down,
        node::start);
  }

  private Fault suspend(ReconcilerNode node, Duration hold) {
    node.suspend();
    return new Fault("sigstop", "SIGSTOP " + node.name(), Set.of(node.name()), hold, node::resume);
  }

  private static Fault cut(TcpProxy connections, String part, String owner) {
    connections.cutAll();
    return new Fault(
        "cut-connections",
        "cut the database connections of " + owner,
        Set.of(part),
        Duration.ZERO,
        () -> {});
  }

  private static Fault halfOpen(TcpProxy connections, String part, String owner, Duration hold) {
    connections.halfOpen();
    return new Fault(
        "half-open-connections",
        "half-open database connections of " + owner,
        Set.of(part),
        hold,
        connections::resume);
  }

  private Fault restartPostgres(Duration down) {
    platform.postgres.stop();
    return new Fault(
        "postgres-restart",
        "PostgreSQL stopped, then started",
        Set.of("postgres"),
        down,
        platform.postgres::start);
  }

  private Fault clusterOutage(Duration hold) {
    platform.cluster.faults().inject(ApiFault.respond(503));
    return new Fault(
        "cluster-outage",
        "Kubernetes API answering 503 to everything",
        Set.of("cluster"),
        hold,
        platform.cluster.faults()::clear);
  }

  /**
   * Helm outlasting the lease: its release writes held past a lease, and the pods of a few
   * deployments not turning ready, so that {@code --wait} waits.
   */
  private Fault slowHelm(Duration hold, int stalled) {
    var faults = platform.cluster.faults();
    faults.inject(
        ApiFault.delay(settings.lease().plusSeconds(2))
            .onMethod("PUT")
            .onPath("/secrets/sh\\.helm"));
    var candidates = new ArrayList<>(alive.get());
    var names = new ArrayList<String>();
    for (var i = 0; i < stalled && !candidates.isEmpty(); i++) {
      var deployment = candidates.remove(random.nextInt(candidates.size()));
      faults.neverReadyMatching(deployment.uid, "");
      names.add(deployment.uid);
    }
    return new Fault(
        "slow-helm",
        "slow helm: release updates held "
            + (settings.lease().toSeconds() + 2)
            + "s, pods never ready in "
            + names,
        Set.of("cluster"),
        hold,
        faults::clear);
  }
}
