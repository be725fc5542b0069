package dev.kubedeploy.e2e.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients using the platform while it breaks: each runs deployments through their life (create,
 * change values, scale, admin upgrade, ask for a retry, delete, and sometimes create again under
 * the same name), without waiting for the reconcilers in between. Every choice comes from a random
 * of the run's seed and the life's number, so a seed replays the same requests whatever the timing.
 */
final class Churn {

  private static final int CREATE_ATTEMPTS = 6;
  private static final Duration DELETED_WAIT = Duration.ofSeconds(60);
  private static final Duration RUN_BOUND = Duration.ofMinutes(60);

  private final ApiClient api;
  private final Catalog catalog;
  private final ChaosSettings settings;
  private final AtomicInteger reserved = new AtomicInteger();
  private final AtomicInteger lives = new AtomicInteger();
  private final AtomicInteger writes = new AtomicInteger();
  final List<TrackedDeployment> created = new CopyOnWriteArrayList<>();

  Churn(ApiClient api, Catalog catalog, ChaosSettings settings) {
    this.api = api;
    this.catalog = catalog;
    this.settings = settings;
  }

  /** Runs the clients until they have created the settings' number of deployments. */
  void run() throws InterruptedException {
    try (var clients = Executors.newFixedThreadPool(settings.clients())) {
      for (var i = 0; i < settings.clients(); i++) {
        clients.submit(this::client);
      }
      clients.shutdown();
      if (!clients.awaitTermination(RUN_BOUND.toMinutes(), TimeUnit.MINUTES)) {
        clients.shutdownNow();
      }
    }
  }

  /** Acknowledged desired-state writes so far. */
  int writes() {
    return writes.get();
  }

  /** Deployments alive (created and not deleted, as far as the client knows). */
  List<TrackedDeployment> alive() {
    return created.stream().filter(d -> !d.deleted.acknowledged()).toList();
  }

  private void client() {
    while (reserved.get() < settings.deployments() && !Thread.currentThread().isInterrupted()) {
      var life = lives.incrementAndGet();
      live(life, new Random(settings.seed() * 1_000_003L + life));
    }
  }

  private void live(int life, Random random) {
    var name = "c" + life;
    var deployment = create(name, random);
    while (deployment != null) {
      var changes = random.nextInt(4);
      for (var i = 0; i < changes; i++) {
        pause(random);
        change(deployment, random, life + "-" + i);
      }
      pause(random);
      if (random.nextInt(100) >= 50 || !delete(deployment)) {
        return;
      }
      if (random.nextInt(100) >= 35 || !awaitDeleted(deployment)) {
        return;
      }
      deployment = create(name, random);
    }
  }

  private TrackedDeployment create(String name, Random random) {
    if (reserved.getAndIncrement() >= settings.deployments()) {
      return null;
    }
    var template = catalog.first();
    var replicas = 1 + random.nextInt(2);
    var greeting = "hello-" + name + "-" + random.nextInt(1_000_000);
    var body =
        Map.of(
            "name", name,
            "template_id", template,
            "target_replicas", replicas,
            "user_values", Map.of("config", Map.of("greeting", greeting)),
            "resources", Map.of("cpu_cores", 1, "memory_mb", 512, "gpu_units", 0, "storage_gb", 1));
    // A retry with the same key returns the first answer: an unknown outcome can be asked again.
    var key = Map.of("Idempotency-Key", new UUID(random.nextLong(), random.nextLong()).toString());
    for (var attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      var answer = api.post("/deployments", body, key);
      if (answer.acknowledged()) {
        var deployment =
            new TrackedDeployment(
                answer.body().path("deployment_uid").asText(), greeting, replicas, template);
        created.add(deployment);
        writes.incrementAndGet();
        return deployment;
      }
      if (answer.outcome() == ApiClient.Outcome.REFUSED) {
        System.out.println(
            "chaos: create " + name + " refused: " + answer.status() + " " + answer.body());
        return null;
      }
      sleep(Duration.ofSeconds(2));
    }
    return null;
  }

  private void change(TrackedDeployment deployment, Random random, String tag) {
    var path = "/deployments/" + deployment.uid;
    switch (random.nextInt(10)) {
      case 0, 1, 2, 3 -> {
        var greeting = "v-" + tag + "-" + random.nextInt(1_000_000);
        record(
            deployment.greeting,
            greeting,
            api.patch(path, Map.of("user_values", Map.of("config", Map.of("greeting", greeting)))));
      }
      case 4, 5, 6 -> {
        var replicas = random.nextInt(3);
        record(
            deployment.replicas,
            replicas,
            api.post(path + "/scale", Map.of("target_replicas", replicas)));
      }
      case 7, 8 -> {
        var template = catalog.other(deployment.template.acknowledged());
        record(
            deployment.template,
            template,
            api.post(path + "/upgrade", Map.of("template_id", template)));
      }
      default -> api.post(path + "/reconcile", Map.of("mode", "retry"));
    }
  }

  private boolean delete(TrackedDeployment deployment) {
    var answer = api.delete("/deployments/" + deployment.uid);
    record(deployment.deleted, true, answer);
    return answer.acknowledged();
  }

  private <T> void record(Expectation<T> expectation, T value, ApiClient.Answer answer) {
    switch (answer.outcome()) {
      case ACKNOWLEDGED -> {
        expectation.acknowledge(value);
        writes.incrementAndGet();
      }
      case UNKNOWN -> expectation.maybe(value);
      case REFUSED -> {
        // it did not happen: a conflict with a delete in progress, or a validation error
      }
    }
  }

  /** Bounded wait for the reconcilers to finish a delete, before the name is used again. */
  private boolean awaitDeleted(TrackedDeployment deployment) {
    var deadline = Instant.now().plus(DELETED_WAIT);
    while (Instant.now().isBefore(deadline)) {
      var answer = api.get("/deployments/" + deployment.uid);
      if ("deleted".equals(answer.body().path("status").asText())) {
        return true;
      }
      sleep(Duration.ofSeconds(1));
    }
    return false;
  }

  private static void pause(Random random) {
    sleep(Duration.ofMillis(100 + random.nextInt(900)));
  }

  /** Paces the clients (it asserts nothing); interruption ends the run. */
  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
