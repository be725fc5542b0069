package dev.kubedeploy.reconciler.kube;

import dev.kubedeploy.model.deployment.ReplicaStatus;
import java.time.Instant;

/** One pod of a release as the cluster reports it. */
public record ObservedReplica(
    String podName, String nodeName, String containerId, ReplicaStatus status, Instant startedAt) {}
