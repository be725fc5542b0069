package dev.kubedeploy.harness.store;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The Fabric8 mock server's CRUD dispatcher, reporting every change it makes to its map. Every
 * create, update and delete of the mock passes through {@link #processEvent} under the mock's write
 * lock, so the reports come in resource version order.
 */
final class RecordingCrudDispatcher extends KubernetesCrudDispatcher {

  private final BiConsumer<String, String> onChange;

  RecordingCrudDispatcher(BiConsumer<String, String> onChange) {
    this.onChange = onChange;
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    var before = oldAttributes == null ? null : map.get(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (!Objects.equals(before, newState)) {
      onChange.accept(before, newState);
    }
  }
}
