package dev.kubedeploy.reconciler.preview;

import java.util.List;

/**
 * What a preview found, as the reconciler writes it into {@code result_json} and the API reads it.
 *
 * @param changes the objects a change adds, removes or changes
 * @param unchanged how many objects stay as they are
 */
record PreviewResult(List<ObjectChange> changes, int unchanged) {

  PreviewResult {
    changes = List.copyOf(changes);
  }

  /**
   * One object a change touches.
   *
   * @param change added, removed or changed
   * @param diff a unified diff of its YAML, applied side first
   */
  record ObjectChange(String kind, String namespace, String name, String change, String diff) {}
}
