package dev.kubedeploy.reconciler.queue;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The name written to {@code locked_by}: the pod name (Kubernetes sets {@code HOSTNAME} to it),
 * otherwise the host name and the process id, so that two processes on one host differ.
 */
public final class InstanceName {

  private InstanceName() {}

  public static String ofThisProcess() {
    var pid = ProcessHandle.current().pid();
    var hostname = System.getenv("HOSTNAME");
    if (hostname != null && !hostname.isBlank()) {
      return System.getenv("KUBERNETES_SERVICE_HOST") != null ? hostname : hostname + "-" + pid;
    }
    try {
      return InetAddress.getLocalHost().getHostName() + "-" + pid;
    } catch (UnknownHostException e) {
      return "pid-" + pid;
    }
  }
}
