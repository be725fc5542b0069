package dev.kubedeploy.harness.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.store.Admission;
import dev.kubedeploy.harness.store.ObjectCache;
import java.util.List;

/**
 * The admission plugins the harness runs, in kube-apiserver's order: mutating ones first
 * (LimitRanger's defaults), then validating ones (LimitRanger's bounds, PodSecurity, ResourceQuota
 * last, so that it charges what is really stored), then RBAC's escalation check, which the API
 * server makes in its storage of roles and bindings.
 */
public final class AdmissionChain implements Admission {

  private final List<Admission> plugins;

  public AdmissionChain(ObjectCache cache, Admission escalationCheck) {
    this.plugins =
        List.of(
            new LimitRanger(cache),
            new PodSecurityAdmission(cache),
            new ResourceQuotaAdmission(cache),
            escalationCheck);
  }

  @Override
  public ObjectNode admit(Request request) {
    var current = request;
    for (var plugin : plugins) {
      var admitted = plugin.admit(current);
      current =
          new Request(
              current.operation(),
              current.type(),
              current.namespace(),
              admitted,
              current.old(),
              current.dryRun());
    }
    return current.object();
  }
}
