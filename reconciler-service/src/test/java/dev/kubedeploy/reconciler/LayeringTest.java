package dev.kubedeploy.reconciler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's layers, as the architecture describes them: the desired state is computed from
 * the database alone (it may describe Kubernetes objects with Fabric8's model, but never call the
 * cluster), the queue runs any step without knowing what it does, and the Kubernetes test harness
 * never reaches the service's own code.
 */
class LayeringTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.kubedeploy.reconciler");

  @Test
  void desiredStateCodeImportsNoClusterHelmOrQueueCode() {
    noClasses()
        .that()
        .resideInAPackage("..reconciler.desired..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..reconciler.kube..",
            "..reconciler.helm..",
            "..reconciler.queue..",
            "io.fabric8.kubernetes.client..")
        .check(MAIN);
  }

  @Test
  void theQueueKnowsNothingOfHelmOrKubernetes() {
    noClasses()
        .that()
        .resideInAPackage("..reconciler.queue..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..reconciler.kube..",
            "..reconciler.helm..",
            "..reconciler.reconcile..",
            "..reconciler.desired..",
            "io.fabric8..")
        .check(MAIN);
  }

  @Test
  void theHarnessIsNeverUsedByTheServicesCode() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.kubedeploy.harness..")
        .check(MAIN);
  }
}
