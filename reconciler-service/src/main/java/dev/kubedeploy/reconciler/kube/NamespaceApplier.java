package dev.kubedeploy.reconciler.kube;

import dev.kubedeploy.reconciler.desired.DesiredDeployment;
import dev.kubedeploy.reconciler.desired.NamespaceObjects;
import dev.kubedeploy.reconciler.desired.NetworkIsolation;
import dev.kubedeploy.reconciler.desired.ReleaseIdentity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Creates or updates a deployment's namespace and what bounds it: quota, limit range, network
 * policy, and the identity Helm acts as. Each object is read first and written only when it
 * differs; an update is a JSON patch of the part the platform owns (labels, spec), because the test
 * cluster cannot honour server-side apply's field ownership. A namespace the platform did not
 * create for the deployment is never touched.
 */
@ApplicationScoped
public class NamespaceApplier {

  /** Between two checks of whether a new binding is honoured yet. */
  private static final Duration BINDING_POLL_INTERVAL = Duration.ofMillis(200);

  private final KubernetesClient client;
  private final ReleaseClients releaseClients;
  private final KubeSettings settings;

  NamespaceApplier(KubernetesClient client, ReleaseClients releaseClients, KubeSettings settings) {
    this.client = client;
    this.releaseClients = releaseClients;
    this.settings = settings;
  }

  /** What happened to each of the three objects. */
  public record Outcome(Change namespace, Change quota, Change limitRange) {}

  /** What happened to the release's ServiceAccount and its RoleBinding. */
  public record IdentityOutcome(Change serviceAccount, Change roleBinding) {}

  /** Whether the deployment's namespace exists, and whether the platform made it for it. */
  public NamespaceOwnership ownership(String namespace, String deploymentUid) {
    return ownership(client.namespaces().withName(namespace).get(), deploymentUid);
  }

  private static NamespaceOwnership ownership(Namespace live, String deploymentUid) {
    if (live == null) {
      return NamespaceOwnership.ABSENT;
    }
    return NamespaceObjects.createdFor(live, deploymentUid)
        ? NamespaceOwnership.OURS
        : NamespaceOwnership.FOREIGN;
  }

  /**
   * The namespace is read once, for its ownership and its labels; in a namespace created just now
   * the quota and limit range are created without being looked for first.
   *
   * @throws NamespaceNotOwnedException when the namespace exists and is not the platform's for the
   *     deployment its labels name
   */
  public Outcome apply(
      Namespace namespace, Optional<ResourceQuota> quota, Optional<LimitRange> limitRange) {
    var name = namespace.getMetadata().getName();
    var uid = namespace.getMetadata().getLabels().get(NamespaceObjects.DEPLOYMENT_UID_LABEL);
    var liveNamespace = client.namespaces().withName(name).get();
    if (ownership(liveNamespace, uid) == NamespaceOwnership.FOREIGN) {
      throw new NamespaceNotOwnedException(name, uid);
    }
    var namespaceChange =
        createOrUpdate(
            namespace,
            liveNamespace,
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
    var fresh = namespaceChange == Change.CREATED;
    var quotaChange =
        quota
            .map(
                desired ->
                    createOrUpdate(
                        fresh,
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
                        fresh,
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
   * The ServiceAccount Helm impersonates in the deployment's namespace, bound there to the release
   * ClusterRole ({@link ReleaseIdentity}). A new or changed binding is waited for until the API
   * server honours it, since authorizers learn of bindings from a cache.
   *
   * @throws ReleaseBindingPendingException when it is not honoured within the configured timeout
   */
  public IdentityOutcome applyReleaseIdentity(DesiredDeployment deployment)
      throws InterruptedException {
    var serviceAccount =
        createOrUpdate(
            ReleaseIdentity.serviceAccount(deployment),
            ServiceAccount::getAutomountServiceAccountToken,
            live -> {
              live.setAutomountServiceAccountToken(false);
              return live;
            });
    var desired = ReleaseIdentity.roleBinding(deployment, settings.releaseClusterRole());
    var existing = client.resource(desired).get();
    if (existing != null && !Objects.equals(existing.getRoleRef(), desired.getRoleRef())) {
      // a binding's roleRef cannot change: one naming another role is replaced
      client.resource(existing).delete();
      existing = null;
    }
    var roleBinding =
        createOrUpdate(
            desired,
            existing,
            binding -> List.of(binding.getRoleRef(), binding.getSubjects()),
            live -> {
              live.setRoleRef(desired.getRoleRef());
              live.setSubjects(desired.getSubjects());
              return live;
            });
    if (roleBinding != Change.UNCHANGED) {
      awaitReleaseAccess(deployment.namespace());
    }
    return new IdentityOutcome(serviceAccount, roleBinding);
  }

  /** Until the release may list Secrets (its history): the first thing helm does. */
  private void awaitReleaseAccess(String namespace) throws InterruptedException {
    var secrets = releaseClients.actingAsReleaseOf(namespace).secrets().inNamespace(namespace);
    var timeout = settings.releaseBindingTimeout();
    var deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        secrets.list(new ListOptionsBuilder().withLimit(1L).build());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new ReleaseBindingPendingException(namespace, timeout, e);
        }
      }
      TimeUnit.NANOSECONDS.sleep(BINDING_POLL_INTERVAL.toNanos());
    }
  }

  /** The namespace's NetworkPolicy ({@link NetworkIsolation}) from the configured peers. */
  public Change applyNetworkPolicy(DesiredDeployment deployment) {
    var desired =
        NetworkIsolation.policy(
            deployment.namespace(),
            Map.of(NamespaceObjects.MANAGED_BY_LABEL, NamespaceObjects.MANAGED_BY),
            settings.ingressNamespace(),
            settings.egressDeniedNamespaces().orElse(List.of()),
            settings.egressDeniedCidrs().orElse(List.of()));
    return createOrUpdate(
        desired,
        NetworkPolicy::getSpec,
        live -> {
          live.setSpec(desired.getSpec());
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
    return createOrUpdate(desired, client.resource(desired).get(), owned, update);
  }

  /** As above, with the live object already read ({@code null}: absent). */
  private <T extends HasMetadata> Change createOrUpdate(
      T desired, T live, Function<T, Object> owned, UnaryOperator<T> update) {
    if (live == null) {
      return create(desired);
    }
    if (upToDate(owned.apply(desired), owned.apply(live))) {
      return Change.UNCHANGED;
    }
    // edit() diffs against the item the resource was made from: the live one, not the desired.
    // Unlocked: these fields are the platform's to set, and a lock on the resourceVersion would
    // fail with 409 whenever a controller wrote in between (the quota controller writes a
    // quota's status each time a pod comes or goes).
    client.resource(live).unlock().edit(update);
    return Change.UPDATED;
  }

  /**
   * In a namespace created just now nothing is looked for first; an object there after all (a
   * policy engine's default) is then read and updated.
   */
  private <T extends HasMetadata> Change createOrUpdate(
      boolean freshNamespace, T desired, Function<T, Object> owned, UnaryOperator<T> update) {
    if (freshNamespace) {
      try {
        return create(desired);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
    }
    return createOrUpdate(desired, owned, update);
  }

  private <T extends HasMetadata> Change create(T desired) {
    client.resource(desired).create();
    return Change.CREATED;
  }

  private static boolean upToDate(Object desired, Object live) {
    if (desired instanceof Map<?, ?> wanted && live instanceof Map<?, ?> have) {
      return have.entrySet().containsAll(wanted.entrySet());
    }
    return Objects.equals(desired, live);
  }
}
