package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Tells the simulated kubelet which pods a test wants sick. */
@FunctionalInterface
public interface PodFaults {

  /**
   * @param workloads the names of the pod's controllers, nearest first (ReplicaSet, then
   *     Deployment)
   */
  PodHealth healthOf(JsonNode pod, List<String> workloads);
}
