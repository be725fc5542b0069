package dev.kubedeploy.reconciler.kube;

import dev.kubedeploy.reconciler.desired.DesiredDeployment;
import dev.kubedeploy.reconciler.desired.ReleaseRoleBinding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Creates or updates a deployment's namespace, quota and limit range. Each object is read first and
 * written only when it differs; an update is a JSON patch of the part the platform owns (labels,
 * spec), because the test cluster cannot honour server-side apply's field ownership.
 */
@ApplicationScoped
public class NamespaceApplier {

  private final KubernetesClient client;
  private final KubeSettings settings;

  NamespaceApplier(KubernetesClient client, KubeSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /** What happened to each of the three objects. */
  public record Outcome(Change namespace, Change quota, Change limitRange) {}

  public Outcome apply(
      Namespace namespace, Optional<ResourceQuota> quota, Optional<LimitRange> limitRange) {
    var namespaceChange =
        createOrUpdate(
            namespace,
            live -> live.getMetadata().getLabels(),
            live -> {
              var labels = new HashMap<String, String>();
              if (live.getMetadata().getLabels() != null) {
                labels.putAll(live.getMetadata().getLabels());
              }
              labels.putAll(namespace.getMetadata().getLabels());
              live.getMetadata().setLabels(labels);
              return live;
            });
    var quotaChange =
        quota
            .map(
                desired ->
                    createOrUpdate(
                        desired,
                        ResourceQuota::getSpec,
                        live -> {
                          live.setSpec(desired.getSpec());
                          return live;
                        }))
            .orElse(Change.ABSENT);
    var limitRangeChange =
        limitRange
            .map(
                desired ->
                    createOrUpdate(
                        desired,
                        LimitRange::getSpec,
                        live -> {
                          live.setSpec(desired.getSpec());
                          return live;
                        }))
            .orElse(Change.ABSENT);
    return new Outcome(namespaceChange, quotaChange, limitRangeChange);
  }

  /**
   * Creates or updates the binding that lets the reconciler install into the deployment's
   * namespace, when the platform binds its release role per namespace ({@link KubeSettings}).
   */
  public Change applyReleaseRoleBinding(DesiredDeployment deployment) {
    return ReleaseRoleBinding.of(
            deployment, settings.releaseClusterRole(), settings.releaseServiceAccount())
        .map(this::createOrUpdate)
        .orElse(Change.ABSENT);
  }

  private Change createOrUpdate(RoleBinding desired) {
    return createOrUpdate(
        desired,
        binding -> List.of(binding.getRoleRef(), binding.getSubjects()),
        live -> {
          live.setRoleRef(desired.getRoleRef());
          live.setSubjects(desired.getSubjects());
          return live;
        });
  }

  /**
   * Creates {@code desired} when absent; otherwise patches it with {@code update} when the part
   * {@code owned} picks out differs. Maps (labels) are compared as "contains", since others may add
   * their own entries.
   */
  private <T extends HasMetadata> Change createOrUpdate(
      T desired, Function<T, Object> owned, UnaryOperator<T> update) {
    var resource = client.resource(desired);
    var live = resource.get();
    if (live == null) {
      resource.create();
      return Change.CREATED;
    }
    if (upToDate(owned.apply(desired), owned.apply(live))) {
      return Change.UNCHANGED;
    }
    // edit() diffs against the item the resource was made from: the live one, not the desired
    client.resource(live).edit(update);
    return Change.UPDATED;
  }

  private static boolean upToDate(Object desired, Object live) {
    if (desired instanceof Map<?, ?> wanted && live instanceof Map<?, ?> have) {
      return have.entrySet().containsAll(wanted.entrySet());
    }
    return Objects.equals(desired, live);
  }
}
