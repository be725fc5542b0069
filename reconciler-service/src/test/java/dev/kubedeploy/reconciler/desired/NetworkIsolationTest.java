package dev.kubedeploy.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkIsolationTest {

  @Test
  void ingressComesOnlyFromTheSameNamespaceAndTheIngressControllersNamespace() {
    var policy =
        NetworkIsolation.policy(
            "shop", Map.of(), Optional.of("ingress-nginx"), List.of(), List.of());

    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    var peers = policy.getSpec().getIngress().getFirst().getFrom();
    assertThat(peers).hasSize(2);
    assertThat(peers.getFirst().getPodSelector()).isNotNull();
    assertThat(peers.getFirst().getNamespaceSelector()).isNull();
    assertThat(peers.get(1).getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "ingress-nginx"));
  }

  @Test
  void withoutAnIngressNamespaceNoOtherNamespaceMayConnect() {
    var policy = NetworkIsolation.policy("shop", Map.of(), Optional.empty(), List.of(), List.of());

    assertThat(policy.getSpec().getIngress().getFirst().getFrom())
        .singleElement()
        .satisfies(peer -> assertThat(peer.getNamespaceSelector()).isNull());
  }

  @Test
  void egressReachesEverythingButThePlatformsNamespacesAndAddressRanges() {
    var policy =
        NetworkIsolation.policy(
            "shop",
            Map.of(),
            Optional.empty(),
            List.of("kubedeploy"),
            List.of("10.20.0.5/32", "fd00::/8"));

    var to = policy.getSpec().getEgress().getFirst().getTo();
    assertThat(to).hasSize(3);
    var namespaces = to.getFirst().getNamespaceSelector().getMatchExpressions();
    assertThat(namespaces)
        .singleElement()
        .satisfies(
            expression -> {
              assertThat(expression.getKey()).isEqualTo("kubernetes.io/metadata.name");
              assertThat(expression.getOperator()).isEqualTo("NotIn");
              assertThat(expression.getValues()).containsExactly("kubedeploy");
            });
    assertThat(to.get(1).getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
    assertThat(to.get(1).getIpBlock().getExcept()).containsExactly("10.20.0.5/32");
    assertThat(to.get(2).getIpBlock().getCidr()).isEqualTo("::/0");
    assertThat(to.get(2).getIpBlock().getExcept()).containsExactly("fd00::/8");
  }
}
