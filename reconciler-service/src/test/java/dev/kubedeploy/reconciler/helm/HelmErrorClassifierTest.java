package dev.kubedeploy.reconciler.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages as Helm 3.18 and 4.1 print them (after "Error: "), captured from real runs. */
class HelmErrorClassifierTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        // both versions, template syntax
        "parse error at (bad/templates/x.yaml:1): missing value for if",
        // Helm 4.1, a template that dereferences a missing value
        "broken/templates/configmap.yaml:10:18\n  executing \"broken/templates/configmap.yaml\" at"
            + " <.Values.database.host>:\n    nil pointer evaluating interface {}.host",
        // Helm 3.18, the same
        "template: broken/templates/configmap.yaml:10:18: executing"
            + " \"broken/templates/configmap.yaml\" at <.Values.database.host>: nil pointer"
            + " evaluating interface {}.host",
        // both versions, required/fail in a template
        "execution error at (e1/templates/x.yaml:1:17): foo is required",
        // both versions, a template that renders invalid YAML
        "YAML parse error on e2/templates/x.yaml: error converting YAML to JSON: yaml: line 6:"
            + " did not find expected ',' or ']'",
        // both versions, chart or version missing from a repository
        "chart \"nochart\" version \"1.0.0\" not found in http://127.0.0.1:18765 repository",
        // Helm 4.1, the chart's own values.schema.json
        "values don't meet the specifications of the schema(s) in the following chart(s):\n"
            + "good:\n- at '/replicaCount': minimum: got -1, want 0",
        // Helm 3.18, the same
        "values don't meet the specifications of the schema(s) in the following chart(s):\n"
            + "good:\n- replicaCount: Must be greater than or equal to 0",
        // both versions, an unknown repository name
        "repo  not found",
      })
  void brokenChartsAndValuesArePermanent(String message) {
    assertThat(HelmErrorClassifier.isPermanent(message)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // Helm 4.1
        "kubernetes cluster unreachable: Get \"http://127.0.0.1:1/version\": dial tcp"
            + " 127.0.0.1:1: connect: connection refused",
        // Helm 3.18
        "Kubernetes cluster unreachable: Get \"http://127.0.0.1:1/version\": dial tcp"
            + " 127.0.0.1:1: connect: connection refused",
        // both versions: a repository that cannot be reached is not proof the reference is wrong
        "looks like \"http://127.0.0.1:1/repo\" is not a valid chart repository or cannot be"
            + " reached: Get \"http://127.0.0.1:1/repo/index.yaml\": dial tcp 127.0.0.1:1:"
            + " connect: connection refused",
        // Helm 4.1, an OCI registry that is down
        "failed to perform \"FetchReference\" on source: Get"
            + " \"https://127.0.0.1:1/v2/charts/good/manifests/0.1.0\": dial tcp 127.0.0.1:1:"
            + " connect: connection refused",
        // Helm 3.18, the same
        "failed to resolve 127.0.0.1:1/charts/good:0.1.0: Get"
            + " \"https://127.0.0.1:1/v2/charts/good/manifests/0.1.0\": dial tcp 127.0.0.1:1:"
            + " connect: connection refused",
        // Helm 4.1, an upgrade whose pods never became ready, rolled back
        "UPGRADE FAILED: release web failed, and has been rolled back due to rollback-on-failure"
            + " being set: resource Deployment/web/web not ready. status: InProgress, message:"
            + " Pending termination: 1\ncontext deadline exceeded",
        // both versions, a release left pending by a killed helm (the reconciler recovers it)
        "UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress",
        // Helm 3.18 --atomic, pods never ready
        "UPGRADE FAILED: release r3 failed, and has been rolled back due to atomic being set:"
            + " context deadline exceeded",
        // Helm 3.18 --wait without --atomic
        "context deadline exceeded",
        // Helm 4.1 --wait=legacy --rollback-on-failure, a first install
        "release p4b failed, and has been uninstalled due to rollback-on-failure being set:"
            + " context deadline exceeded",
        // something nobody has classified yet: the queue's retry limit bounds it
        "something new went wrong",
      })
  void unreachableServersAndUnknownFailuresAreTransient(String message) {
    assertThat(HelmErrorClassifier.isPermanent(message)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // Helm 4.1 (server-side apply), a chart rendering a cluster-scoped object
        "failed to create resource: clusterroles.rbac.authorization.k8s.io \"admin-for-all\" is"
            + " forbidden: User \"system:serviceaccount:shop-a-x1y2z3:kubedeploy-release\" cannot"
            + " patch resource \"clusterroles\" in API group \"rbac.authorization.k8s.io\" at the"
            + " cluster scope",
        // Helm 3.18, a chart rendering into another namespace
        "UPGRADE FAILED: failed to create resource: configmaps \"x\" is forbidden: User"
            + " \"system:serviceaccount:shop-a-x1y2z3:kubedeploy-release\" cannot create resource"
            + " \"configmaps\" in API group \"\" in the namespace \"kube-system\"",
        // both versions, a first install undone by rollback-on-failure / atomic
        "release web failed, and has been uninstalled due to rollback-on-failure being set:"
            + " failed to create resource: pods \"debug\" is forbidden: violates PodSecurity"
            + " \"restricted:latest\": privileged (container \"debug\" must not set"
            + " securityContext.privileged=true)",
      })
  void whatTheApiServerRefusesTheReleaseIsPermanent(String message) {
    assertThat(HelmErrorClassifier.isPermanent(message)).isTrue();
  }
}
