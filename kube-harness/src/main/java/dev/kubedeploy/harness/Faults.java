package dev.kubedeploy.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.harness.controller.PodFaults;
import dev.kubedeploy.harness.controller.PodHealth;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.LabelSelector;
import dev.kubedeploy.harness.server.RequestInterceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hooks for tests to make things go wrong: pods that fail or never turn ready, and an API server
 * that answers errors or hangs. Pod faults apply to existing and future pods at once; {@link
 * #clear()} heals everything.
 */
public final class Faults {

  private record PodRule(
      String namespace, String workload, LabelSelector labels, PodHealth health) {
    boolean matches(JsonNode pod, List<String> workloads) {
      if (!namespace.equals(Json.namespace(pod))) {
        return false;
      }
      return workload != null ? workloads.contains(workload) : labels.matches(pod);
    }
  }

  private static final class ActiveApiFault {
    final ApiFault fault;
    final AtomicInteger remaining;

    ActiveApiFault(ApiFault fault) {
      this.fault = fault;
      this.remaining = new AtomicInteger(fault.times());
    }

    /** Whether this request uses one of the fault's remaining applications. */
    boolean claim(String method, String target) {
      if (!fault.matches(method, target)) {
        return false;
      }
      if (fault.times() < 0) {
        return true;
      }
      return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }
  }

  private final List<PodRule> podRules = new CopyOnWriteArrayList<>();
  private final List<ActiveApiFault> apiFaults = new CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();
  private volatile Runnable podsChanged = () -> {};

  Faults() {}

  /** Makes the pods of a Deployment, StatefulSet, DaemonSet, Job or ReplicaSet crash-loop. */
  public Faults failPods(String namespace, String workloadName) {
    return failPods(namespace, workloadName, PodFailure.CRASH_LOOP_BACK_OFF);
  }

  public Faults failPods(String namespace, String workloadName, PodFailure failure) {
    return addPodRule(new PodRule(namespace, workloadName, null, healthOf(failure)));
  }

  /** Makes the pods matching a label selector ({@code app=web,tier in (a,b)}) fail. */
  public Faults failPodsMatching(String namespace, String labelSelector, PodFailure failure) {
    return addPodRule(
        new PodRule(namespace, null, LabelSelector.parse(labelSelector), healthOf(failure)));
  }

  /** Keeps a workload's pods running but never ready: a rollout that never completes. */
  public Faults neverReady(String namespace, String workloadName) {
    return addPodRule(new PodRule(namespace, workloadName, null, PodHealth.NOT_READY));
  }

  public Faults neverReadyMatching(String namespace, String labelSelector) {
    return addPodRule(
        new PodRule(namespace, null, LabelSelector.parse(labelSelector), PodHealth.NOT_READY));
  }

  /** Makes the API answer or hang as {@code fault} says. */
  public Faults inject(ApiFault fault) {
    apiFaults.add(new ActiveApiFault(fault));
    return this;
  }

  /** The next {@code count} requests, whatever they are, are answered with {@code status}. */
  public Faults failNextRequests(int status, int count) {
    return inject(ApiFault.respond(status).times(count));
  }

  /** How many requests an API fault has answered or delayed so far. */
  public int injectedCount() {
    return injected.get();
  }

  /** Removes every fault: pods heal, the API answers normally. */
  public void clear() {
    apiFaults.clear();
    podRules.clear();
    podsChanged.run();
  }

  void onPodRulesChanged(Runnable action) {
    this.podsChanged = action;
  }

  PodFaults podFaults() {
    return (pod, workloads) -> {
      for (var rule : podRules) {
        if (rule.matches(pod, workloads)) {
          return rule.health();
        }
      }
      return PodHealth.HEALTHY;
    };
  }

  RequestInterceptor interceptor() {
    return (method, target) -> {
      for (var active : apiFaults) {
        if (active.claim(method, target)) {
          injected.incrementAndGet();
          return new RequestInterceptor.Interception(active.fault.delay(), active.fault.status());
        }
      }
      return RequestInterceptor.Interception.PROCEED;
    };
  }

  private Faults addPodRule(PodRule rule) {
    podRules.add(rule);
    podsChanged.run();
    return this;
  }

  private static PodHealth healthOf(PodFailure failure) {
    return switch (failure) {
      case CRASH_LOOP_BACK_OFF -> PodHealth.CRASH_LOOP;
      case IMAGE_PULL_BACK_OFF -> PodHealth.IMAGE_PULL_ERROR;
      case FAILED -> PodHealth.FAILED;
    };
  }
}
