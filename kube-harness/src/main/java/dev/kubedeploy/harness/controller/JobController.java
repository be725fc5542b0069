package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.ObjectKey;
import java.util.List;
import java.util.Map;

/**
 * Runs Jobs: pods up to {@code parallelism} until {@code completions} succeed (the simulated
 * kubelet completes job pods at once unless a fault fails them), then {@code Complete}; more than
 * {@code backoffLimit} failures make it {@code Failed}. CronJobs are never scheduled.
 */
final class JobController {

  private final ControllerContext context;

  JobController(ControllerContext context) {
    this.context = context;
  }

  void reconcile(ObjectKey key) {
    var found = context.cache().get(key);
    if (found.isEmpty() || Json.isTerminating(found.get())) {
      return;
    }
    var job = found.get();
    var previous = job.path("status");
    if (finished(previous)) {
      return;
    }
    var spec = job.path("spec");
    var completions = Json.integer(job, 1, "spec", "completions");
    var parallelism = Json.integer(job, 1, "spec", "parallelism");
    var backoffLimit = Json.integer(job, 6, "spec", "backoffLimit");
    if (spec.path("suspend").asBoolean(false)) {
      return;
    }
    var pods = pods(job);
    var succeeded = (int) pods.stream().filter(p -> Pods.phase(p).equals("Succeeded")).count();
    var failed = (int) pods.stream().filter(p -> Pods.phase(p).equals("Failed")).count();
    var active = (int) pods.stream().filter(Pods::isActive).count();
    var failedForGood = failed > backoffLimit;
    if (!failedForGood && succeeded < completions) {
      var wanted = Math.min(parallelism, completions - succeeded) - active;
      for (var i = 0; i < wanted; i++) {
        var pod =
            Workloads.podFrom(
                spec.path("template"),
                context.operations().generatedName(Json.name(job) + "-"),
                Workloads.ownerReference(ResourceCatalog.JOBS, job),
                Map.of(
                    "job-name", Json.name(job),
                    "batch.kubernetes.io/job-name", Json.name(job),
                    "batch.kubernetes.io/controller-uid", Json.uid(job)));
        Json.child(pod, "spec")
            .put(
                "restartPolicy",
                spec.path("template").path("spec").path("restartPolicy").asText("Never"));
        context.operations().create(ResourceCatalog.PODS, key.namespace(), pod, false);
        active++;
      }
    }
    var status = Json.object();
    status.put("startTime", previous.path("startTime").asText(Json.now()));
    status.put("active", succeeded >= completions || failedForGood ? 0 : active);
    status.put("succeeded", succeeded);
    status.put("failed", failed);
    status.put("ready", 0);
    if (succeeded >= completions) {
      status.put("completionTime", Json.now());
      Conditions.set(
          status,
          previous,
          "SuccessCriteriaMet",
          true,
          "CompletionsReached",
          "Reached expected number of succeeded pods",
          false);
      Conditions.set(
          status,
          previous,
          "Complete",
          true,
          "CompletionsReached",
          "Reached expected number of succeeded pods",
          false);
    } else if (failedForGood) {
      Conditions.set(
          status,
          previous,
          "FailureTarget",
          true,
          "BackoffLimitExceeded",
          "Job has reached the specified backoff limit",
          false);
      Conditions.set(
          status,
          previous,
          "Failed",
          true,
          "BackoffLimitExceeded",
          "Job has reached the specified backoff limit",
          false);
    }
    context.writeStatus(ResourceCatalog.JOBS, job, status);
  }

  private static boolean finished(JsonNode status) {
    for (var condition : status.path("conditions")) {
      var type = condition.path("type").asText();
      if ((type.equals("Complete") || type.equals("Failed"))
          && condition.path("status").asText().equals("True")) {
        return true;
      }
    }
    return false;
  }

  private List<ObjectNode> pods(ObjectNode job) {
    return context.cache().dependents(Json.uid(job), ResourceCatalog.PODS);
  }
}
