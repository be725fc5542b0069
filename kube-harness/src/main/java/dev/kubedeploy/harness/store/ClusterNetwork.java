package dev.kubedeploy.harness.store;

import java.util.concurrent.atomic.AtomicInteger;

/** Hands out service cluster IPs, node ports and pod IPs from the usual kubeadm ranges. */
public final class ClusterNetwork {

  /** The one node's name and address: pods are bound to it and report it as their host. */
  public static final String NODE_NAME = "kube-harness-node";

  public static final String NODE_IP = "10.0.0.10";

  private final AtomicInteger services = new AtomicInteger(10);
  private final AtomicInteger nodePorts = new AtomicInteger(30000);
  private final AtomicInteger pods = new AtomicInteger(2);

  /** An address in 10.96.0.0/12. */
  public String nextClusterIp() {
    var n = services.getAndIncrement();
    return "10.96.%d.%d".formatted((n >> 8) & 0xff, n & 0xff);
  }

  public int nextNodePort() {
    return 30000 + (nodePorts.getAndIncrement() - 30000) % 2768;
  }

  /** An address in 10.244.0.0/16. */
  public String nextPodIp() {
    var n = pods.getAndIncrement();
    return "10.244.%d.%d".formatted((n >> 8) & 0xff, n & 0xff);
  }
}
