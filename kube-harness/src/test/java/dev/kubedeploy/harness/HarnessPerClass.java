package dev.kubedeploy.harness;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A harness one test class shares: started before its first test, its faults cleared after each,
 * closed after its last. Each test runs its workloads in namespaces of its own, named {@code
 * prefix-N}.
 */
final class HarnessPerClass implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  private final String prefix;
  private final AtomicInteger namespaces = new AtomicInteger();
  private KubeHarness harness;

  HarnessPerClass(String namespacePrefix) {
    this.prefix = namespacePrefix;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    harness = KubeHarness.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    harness.faults().clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    harness.close();
  }

  KubeHarness harness() {
    return harness;
  }

  KubernetesClient client() {
    return harness.client();
  }

  Faults faults() {
    return harness.faults();
  }

  /** The status the deployment controller reports for the Deployment. */
  DeploymentStatus deploymentStatus(String namespace, String name) {
    return client().apps().deployments().inNamespace(namespace).withName(name).get().getStatus();
  }

  /** The name the next namespace {@link #run} creates will have, for faults set before it. */
  String nextNamespace() {
    return prefix + "-" + (namespaces.get() + 1);
  }

  /** A new empty namespace; its name. */
  String newNamespace() {
    var namespace = prefix + "-" + namespaces.incrementAndGet();
    client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    return namespace;
  }

  /** A new namespace with {@code deployment} in it; its name. */
  String run(Deployment deployment) {
    var namespace = newNamespace();
    client().apps().deployments().inNamespace(namespace).resource(deployment).create();
    return namespace;
  }

  /**
   * A new namespace with a Deployment {@code web} of two pods whose template carries {@code
   * annotations}: the failures a chart asks for.
   */
  String runAnnotated(Map<String, String> annotations) {
    var deployment = KubernetesApiTest.deployment("web", 2);
    deployment.getSpec().getTemplate().getMetadata().setAnnotations(annotations);
    return run(deployment);
  }
}
