package dev.kubedeploy.harness.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.ResourceType;

/**
 * What runs on every create and update before the object is stored, whoever writes it (API clients
 * and the simulated controllers alike): kube-apiserver's admission chain. It may change the object
 * (defaulting) and refuses by throwing an {@code ApiException}.
 */
public interface Admission {

  Admission NONE = request -> request.object();

  enum Operation {
    CREATE,
    UPDATE
  }

  /**
   * @param old the stored object an update replaces, null on create
   */
  record Request(
      Operation operation,
      ResourceType type,
      String namespace,
      ObjectNode object,
      ObjectNode old,
      boolean dryRun) {}

  /** The object to store: {@code request.object()}, possibly changed. */
  ObjectNode admit(Request request);
}
