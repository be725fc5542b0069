package dev.kubedeploy.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.harness.journal.OverlapCounter;
import dev.kubedeploy.testsupport.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The checks of a chaos run once the platform has settled, each a count of violations with a few
 * examples. Desired state is read through the API; the queue's jobs from the database, which has no
 * API for them; what was applied from the cluster.
 */
final class Invariants {

  private static final Set<String> BUILT_IN_NAMESPACES =
      Set.of("default", "kube-system", "kube-public", "kube-node-lease");
  private static final int EXAMPLES = 5;

  /** One invariant's result. */
  record Count(String what, List<String> violations) {
    int count() {
      return violations.size();
    }

    String line() {
      var shown = violations.subList(0, Math.min(EXAMPLES, violations.size()));
      return "chaos: " + what + ": " + count() + (shown.isEmpty() ? "" : " " + shown);
    }
  }

  private final ChaosPlatform platform;
  private final ApiClient api;
  private final Catalog catalog;

  Invariants(ChaosPlatform platform, ApiClient api, Catalog catalog) {
    this.platform = platform;
    this.api = api;
    this.catalog = catalog;
  }

  /** Deployments not yet where they are going that a job is still working on: 0 once settled. */
  static int moving(TestDatabase.Coordinates database) throws SQLException {
    try (var connection = database.connect();
        var query =
            connection.prepareStatement(
                """
                SELECT count(*) FROM deployment d
                 WHERE NOT (d.status = 'deleted'
                            OR (d.status IN ('running', 'stopped')
                                AND d.applied_generation = d.generation))
                   AND EXISTS (SELECT 1 FROM deployment_reconcile_job j
                                WHERE j.deployment_id = d.id AND j.status IN ('queued', 'running'))
                """);
        var rows = query.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }

  Count overlapping() {
    var overlaps = OverlapCounter.overlaps(platform.cluster.releaseWrites().writes());
    return new Count(
        "overlapping helm operations on one release",
        overlaps.stream().map(Object::toString).toList());
  }

  Count diverged(Map<String, JsonNode> deployments) {
    var violations = new ArrayList<String>();
    deployments.forEach(
        (uid, d) -> {
          var problem = divergence(uid, d);
          if (problem != null) {
            violations.add(uid + ": " + problem);
          }
        });
    return new Count("deployments whose applied state differs from the desired one", violations);
  }

  Count orphanedJobs() throws SQLException {
    var violations = new ArrayList<String>();
    try (var connection = platform.database.connect();
        var query =
            connection.prepareStatement(
                """
                SELECT d.deployment_uid, d.status FROM deployment d
                 WHERE d.status IN ('pending', 'reconciling', 'deleting')
                   AND NOT EXISTS (SELECT 1 FROM deployment_reconcile_job j
                                    WHERE j.deployment_id = d.id
                                      AND j.status IN ('queued', 'running'))
                 ORDER BY d.id
                """);
        var rows = query.executeQuery()) {
      while (rows.next()) {
        violations.add(rows.getString(1) + " " + rows.getString(2));
      }
    }
    return new Count("deployments left pending/reconciling/deleting without a job", violations);
  }

  Count falseFailed(Map<String, JsonNode> deployments) {
    var violations = new ArrayList<String>();
    deployments.forEach(
        (uid, d) -> {
          if (d.path("status").asText().equals("failed")) {
            violations.add(uid + ": " + abbreviate(d.path("last_error").asText()));
          }
        });
    return new Count("healthy deployments left failed after the faults healed", violations);
  }

  Count leaked(Map<String, JsonNode> deployments) {
    var violations = new ArrayList<String>();
    for (var namespace : platform.cluster.client().namespaces().list().getItems()) {
      var name = namespace.getMetadata().getName();
      if (BUILT_IN_NAMESPACES.contains(name)) {
        continue;
      }
      var deployment = deployments.get(name);
      if (deployment == null || deployment.path("status").asText().equals("deleted")) {
        var releases =
            platform
                .cluster
                .client()
                .secrets()
                .inNamespace(name)
                .withLabel("owner", "helm")
                .list()
                .getItems()
                .size();
        violations.add(
            name
                + (deployment == null ? " (no deployment)" : " (deleted)")
                + ", release revisions "
                + releases);
      }
    }
    return new Count("namespaces or releases left for deleted deployments", violations);
  }

  Count lostWrites(List<TrackedDeployment> tracked, Map<String, JsonNode> deployments) {
    var violations = new ArrayList<String>();
    for (var expected : tracked) {
      var actual = deployments.get(expected.uid);
      if (actual == null) {
        violations.add(expected.uid + ": acknowledged create, but the API does not know it");
        continue;
      }
      var problems = new ArrayList<String>();
      var status = actual.path("status").asText();
      var deleted = status.equals("deleting") || status.equals("deleted");
      if (!expected.deleted.allows(deleted)) {
        problems.add("deleted " + deleted + ", want " + expected.deleted);
      }
      var greeting = actual.path("user_values").path("config").path("greeting").asText(null);
      if (!expected.greeting.allows(greeting)) {
        problems.add("greeting " + greeting + ", want " + expected.greeting);
      }
      var replicas = actual.path("target_replicas").asInt();
      if (!expected.replicas.allows(replicas)) {
        problems.add("replicas " + replicas + ", want " + expected.replicas);
      }
      var template = actual.path("desired_template_id").asLong();
      if (!expected.template.allows(template)) {
        problems.add("template " + template + ", want " + expected.template);
      }
      if (!problems.isEmpty()) {
        violations.add(expected.uid + ": " + problems);
      }
    }
    return new Count("acknowledged API writes lost", violations);
  }

  /** Every deployment the database has, as the API reads it. */
  Map<String, JsonNode> readAll() throws SQLException {
    var uids = new ArrayList<String>();
    try (var connection = platform.database.connect();
        var query =
            connection.prepareStatement("SELECT deployment_uid FROM deployment ORDER BY id");
        var rows = query.executeQuery()) {
      while (rows.next()) {
        uids.add(rows.getString(1));
      }
    }
    var result = new HashMap<String, JsonNode>();
    for (var uid : uids) {
      var answer = api.get("/deployments/" + uid);
      if (!answer.acknowledged()) {
        throw new IllegalStateException("cannot read " + uid + ": " + answer.status());
      }
      result.put(uid, answer.body());
    }
    return result;
  }

  /** Why the cluster or the status does not match the desired state, or null when it does. */
  private String divergence(String uid, JsonNode deployment) {
    var status = deployment.path("status").asText();
    if (status.equals("deleting") || status.equals("deleted")) {
      return status.equals("deleted") ? null : "still deleting";
    }
    var replicas = deployment.path("target_replicas").asInt();
    var wanted = replicas == 0 ? "stopped" : "running";
    if (!status.equals(wanted)) {
      return "status " + status + ", want " + wanted;
    }
    var generation = deployment.path("generation").asLong();
    if (deployment.path("applied_generation").asLong(-1) != generation) {
      return "applied generation " + deployment.path("applied_generation") + ", want " + generation;
    }
    var template = deployment.path("desired_template_id").asLong();
    if (deployment.path("applied_template_id").asLong(-1) != template) {
      return "applied template " + deployment.path("applied_template_id") + ", want " + template;
    }
    var release =
        ClusterRelease.read(
            platform.cluster.client(), uid, deployment.path("release_name").asText(uid));
    if (release.isEmpty()) {
      return "no release in the cluster";
    }
    var live = release.get();
    if (!"deployed".equals(live.status())) {
      return "release revision " + live.revision() + " is " + live.status();
    }
    if (!Objects.equals(live.chartVersion(), catalog.chartVersions.get(template))) {
      return "chart " + live.chartVersion() + ", want " + catalog.chartVersions.get(template);
    }
    var greeting = deployment.path("user_values").path("config").path("greeting").asText(null);
    var liveGreeting = live.values().path("config").path("greeting").asText(null);
    if (!Objects.equals(greeting, liveGreeting)) {
      return "release greeting " + liveGreeting + ", want " + greeting;
    }
    if (live.replicas() != replicas) {
      return "cluster replicas " + live.replicas() + ", want " + replicas;
    }
    return null;
  }

  private static String abbreviate(String text) {
    return text.length() <= 160 ? text : text.substring(0, 160) + "...";
  }
}
