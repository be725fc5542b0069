package dev.kubedeploy.reconciler.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Why a namespace's pods were not created: a workload's pods are refused by admission (Pod
 * Security, quota, limit range) after helm has applied it, so helm only sees a rollout that never
 * ends; the controllers report the API server's refusal in {@code FailedCreate} events.
 */
@ApplicationScoped
public class PodRefusals {

  private static final int MAX_REPORTED = 3;

  private final KubernetesClient client;

  PodRefusals(KubernetesClient client) {
    this.client = client;
  }

  /** The distinct refusals reported in {@code namespace} since {@code since}, at most three. */
  public List<String> since(String namespace, Instant since) {
    var notBefore = since.getEpochSecond();
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(event -> "FailedCreate".equals(event.getReason()))
        .filter(event -> lastSeen(event) >= notBefore)
        .map(Event::getMessage)
        .filter(
            message -> message != null && message.toLowerCase(Locale.ROOT).contains("forbidden"))
        .distinct()
        .limit(MAX_REPORTED)
        .toList();
  }

  private static long lastSeen(Event event) {
    var time =
        event.getLastTimestamp() != null ? event.getLastTimestamp() : event.getFirstTimestamp();
    if (time == null) {
      return Long.MAX_VALUE;
    }
    try {
      return Instant.parse(time).getEpochSecond();
    } catch (DateTimeParseException e) {
      return Long.MAX_VALUE;
    }
  }
}
