package dev.kubedeploy.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.persistence.Entity;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

/**
 * The api-service's layers: resources answer with read models, never with entities (which would tie
 * the API to the schema and lazily load whatever Jackson touches), and neither the Kubernetes test
 * harness nor the reconciler reaches its code.
 */
class LayeringTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.kubedeploy.api");

  /** Neither an entity nor a generic type with an entity among its type arguments. */
  private static final ArchCondition<JavaMethod> RETURN_NO_ENTITY =
      new ArchCondition<>("return no entity, nor a type holding one") {
        @Override
        public void check(JavaMethod method, ConditionEvents events) {
          var entities =
              method.getReturnType().getAllInvolvedRawTypes().stream()
                  .filter(type -> type.isAnnotatedWith(Entity.class))
                  .map(JavaClass::getSimpleName)
                  .toList();
          if (!entities.isEmpty()) {
            events.add(
                SimpleConditionEvent.violated(
                    method, method.getFullName() + " returns the entities " + entities));
          }
        }
      };

  @Test
  void resourcesNeverReturnEntities() {
    methods()
        .that()
        .areDeclaredInClassesThat()
        .areAnnotatedWith(Path.class)
        .and()
        .arePublic()
        .should(RETURN_NO_ENTITY)
        .check(MAIN);
  }

  @Test
  void neitherTheHarnessNorTheReconcilerIsUsed() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.kubedeploy.harness..", "dev.kubedeploy.reconciler..")
        .check(MAIN);
  }
}
