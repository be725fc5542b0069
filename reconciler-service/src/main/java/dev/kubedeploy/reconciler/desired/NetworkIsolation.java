package dev.kubedeploy.reconciler.desired;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The NetworkPolicy of a deployment's namespace. Ingress: from its own pods, and from the ingress
 * controller's namespace when one is configured; nothing else. Egress: everywhere but the
 * platform's own namespaces and address ranges (its database and API), which NetworkPolicy, having
 * no deny rules, expresses as "all namespaces not in" and "all addresses except".
 */
public final class NetworkIsolation {

  public static final String NAME = "kubedeploy-isolation";

  /** The label Kubernetes puts on every namespace, naming it (1.21+). */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private NetworkIsolation() {}

  /**
   * @param ingressNamespace the ingress controller's namespace, allowed in
   * @param deniedNamespaces namespaces the deployment's pods may not reach
   * @param deniedCidrs address ranges they may not reach (IPv4 or IPv6)
   */
  public static NetworkPolicy policy(
      String namespace,
      Map<String, String> labels,
      Optional<String> ingressNamespace,
      List<String> deniedNamespaces,
      List<String> deniedCidrs) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes("Ingress", "Egress")
        .withIngress(ingress(ingressNamespace))
        .withEgress(egress(deniedNamespaces, deniedCidrs))
        .endSpec()
        .build();
  }

  private static List<NetworkPolicyIngressRule> ingress(Optional<String> ingressNamespace) {
    var peers =
        new ArrayList<>(
            List.of(new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build()));
    ingressNamespace
        .filter(name -> !name.isBlank())
        .ifPresent(
            name ->
                peers.add(
                    new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(
                            new LabelSelectorBuilder()
                                .addToMatchLabels(NAMESPACE_NAME_LABEL, name)
                                .build())
                        .build()));
    return List.of(new NetworkPolicyIngressRuleBuilder().withFrom(peers).build());
  }

  private static List<NetworkPolicyEgressRule> egress(
      List<String> deniedNamespaces, List<String> deniedCidrs) {
    var namespaces = new LabelSelectorBuilder();
    if (!deniedNamespaces.isEmpty()) {
      namespaces
          .addNewMatchExpression()
          .withKey(NAMESPACE_NAME_LABEL)
          .withOperator("NotIn")
          .withValues(deniedNamespaces)
          .endMatchExpression();
    }
    var ipv4Except = deniedCidrs.stream().filter(cidr -> !cidr.contains(":")).toList();
    var ipv6Except = deniedCidrs.stream().filter(cidr -> cidr.contains(":")).toList();
    return List.of(
        new NetworkPolicyEgressRuleBuilder()
            .addNewTo()
            .withNamespaceSelector(namespaces.build())
            .endTo()
            .addNewTo()
            .withNewIpBlock()
            .withCidr("0.0.0.0/0")
            .withExcept(ipv4Except)
            .endIpBlock()
            .endTo()
            .addNewTo()
            .withNewIpBlock()
            .withCidr("::/0")
            .withExcept(ipv6Except)
            .endIpBlock()
            .endTo()
            .build());
  }
}
