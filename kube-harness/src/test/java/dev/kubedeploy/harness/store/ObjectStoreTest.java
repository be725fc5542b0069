package dev.kubedeploy.harness.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class ObjectStoreTest {

  private final ObjectStore store = new ObjectStore();
  private final ObjectOperations operations = new ObjectOperations(store, new ClusterNetwork());

  private void namespace(String name) {
    var namespace = Json.object();
    Json.metadata(namespace).put("name", name);
    operations.create(ResourceCatalog.NAMESPACES, null, namespace, false);
  }

  @Test
  void everyServedTypeIsStoredFoundAndRemovedByName() {
    namespace("shop");
    for (var type : ResourceCatalog.TYPES) {
      var object = Json.object();
      Json.metadata(object).put("name", "sample-" + type.plural());
      var namespace = type.namespaced() ? "shop" : null;

      var created = operations.create(type, namespace, object, false);
      var found = store.require(type, namespace, "sample-" + type.plural());
      var updated = found.deepCopy();
      Json.child(Json.metadata(updated), "labels").put("touched", "yes");
      var replaced = store.replace(type, namespace, "sample-" + type.plural(), updated);

      assertThat(found.path("kind").asText()).isEqualTo(type.kind());
      assertThat(replaced.path("metadata").path("resourceVersion").asLong())
          .isGreaterThan(created.path("metadata").path("resourceVersion").asLong());
      assertThat(store.list(type, namespace).items())
          .extracting(Json::name)
          .contains("sample-" + type.plural());
    }
    for (var type : ResourceCatalog.TYPES) {
      if (type != ResourceCatalog.NAMESPACES) {
        var namespace = type.namespaced() ? "shop" : null;
        assertThat(store.remove(type, namespace, "sample-" + type.plural())).isPresent();
        assertThat(store.get(type, namespace, "sample-" + type.plural())).isEmpty();
      }
    }
    assertThat(store.findsByIndex()).isTrue();
  }

  @Test
  void aDuplicateCreateAndAStaleUpdateAreRefused() {
    namespace("shop");
    var config = Json.object();
    Json.metadata(config).put("name", "settings");
    var created = operations.create(ResourceCatalog.CONFIG_MAPS, "shop", config, false);
    store.replace(
        ResourceCatalog.CONFIG_MAPS, "shop", "settings", created.deepCopy().put("immutable", true));

    assertThatThrownBy(() -> operations.create(ResourceCatalog.CONFIG_MAPS, "shop", config, false))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.reason()).isEqualTo("AlreadyExists"));
    assertThatThrownBy(
            () -> store.replace(ResourceCatalog.CONFIG_MAPS, "shop", "settings", created))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.reason()).isEqualTo("Conflict"));
  }

  @Test
  void changesReachListenersInResourceVersionOrder() {
    var versions = new ArrayList<Long>();
    store.addListener(event -> versions.add(event.resourceVersion()));
    namespace("a");
    namespace("b");
    operations.delete(ResourceCatalog.NAMESPACES, null, "a", false);
    store.forceRemove(ResourceCatalog.NAMESPACES, null, "a");

    assertThat(versions).hasSize(4).isSorted().doesNotHaveDuplicates();
    assertThat(store.get(ResourceCatalog.NAMESPACES, null, "a")).isEmpty();
  }

  @Test
  void aDeletedNamespaceTerminatesUntilItIsEmptied() {
    namespace("shop");

    var deleted = operations.delete(ResourceCatalog.NAMESPACES, null, "shop", false);

    assertThat(deleted.path("status").path("phase").asText()).isEqualTo("Terminating");
    assertThat(deleted.path("metadata").path("deletionTimestamp").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    var config = Json.object();
    Json.metadata(config).put("name", "late");
    assertThatThrownBy(() -> operations.create(ResourceCatalog.CONFIG_MAPS, "shop", config, false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403));
  }
}
