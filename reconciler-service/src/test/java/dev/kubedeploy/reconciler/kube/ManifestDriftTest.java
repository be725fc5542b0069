package dev.kubedeploy.reconciler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

class ManifestDriftTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode yaml(String text) throws Exception {
    return YAML.readTree(text);
  }

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels: {app.kubernetes.io/instance: web}
      spec:
        replicas: 1
        template:
          spec:
            containers:
            - name: web
              image: nginx:1.27
              resources: {limits: {cpu: 0.5, memory: 1Gi}}
              ports: [{containerPort: 8080}]
      """;

  @Test
  void fieldsOnlyTheClusterSetsAreNotDrift() throws Exception {
    var live =
        yaml(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              uid: 1234
              resourceVersion: "42"
              labels: {app.kubernetes.io/instance: web, extra: added-by-someone}
              annotations: {deployment.kubernetes.io/revision: "1"}
            spec:
              replicas: 1
              progressDeadlineSeconds: 600
              template:
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    imagePullPolicy: IfNotPresent
                    resources: {limits: {cpu: 500m, memory: 1024Mi}}
                    ports: [{containerPort: 8080, protocol: TCP}]
            status: {readyReplicas: 1}
            """);

    assertThat(ManifestDrift.differences(yaml(DEPLOYMENT), live)).isEmpty();
  }

  @Test
  void aChangedReplicaCountAndImageAreDrift() throws Exception {
    var live =
        yaml(
            DEPLOYMENT.replace("replicas: 1", "replicas: 5").replace("nginx:1.27", "nginx:latest"));

    assertThat(ManifestDrift.differences(yaml(DEPLOYMENT), live))
        .extracting(Object::toString)
        .containsExactly(
            "spec.replicas: want 1, have 5",
            "spec.template.spec.containers[0].image: want nginx:1.27, have nginx:latest");
  }

  @Test
  void aRemovedLabelAndAListOfAnotherLengthAreDrift() throws Exception {
    var live =
        yaml(
            DEPLOYMENT
                .replace("labels: {app.kubernetes.io/instance: web}", "labels: {}")
                .replace(
                    "ports: [{containerPort: 8080}]",
                    "ports: [{containerPort: 8080}, {containerPort: 9090}]"));

    assertThat(ManifestDrift.differences(yaml(DEPLOYMENT), live))
        .extracting(ManifestDrift.Difference::path)
        .containsExactly(
            "metadata.labels.app.kubernetes.io/instance", "spec.template.spec.containers[0].ports");
  }

  @Test
  void configMapDataIsCompared() throws Exception {
    var desired = yaml("kind: ConfigMap\nmetadata: {name: cfg}\ndata: {message: hello}\n");
    var live = yaml("kind: ConfigMap\nmetadata: {name: cfg}\ndata: {message: changed}\n");

    assertThat(ManifestDrift.differences(desired, live))
        .extracting(Object::toString)
        .containsExactly("data.message: want hello, have changed");
  }

  @Test
  void aSecretsStringDataIsComparedWithTheDataTheServerMadeOfIt() throws Exception {
    var desired = yaml("kind: Secret\nmetadata: {name: s}\nstringData: {password: hunter2}\n");
    var same = yaml("kind: Secret\nmetadata: {name: s}\ndata: {password: aHVudGVyMg==}\n");
    var changed = yaml("kind: Secret\nmetadata: {name: s}\ndata: {password: b3RoZXI=}\n");

    assertThat(ManifestDrift.differences(desired, same)).isEmpty();
    assertThat(ManifestDrift.differences(desired, changed)).hasSize(1);
  }
}
