package dev.kubedeploy.api.json;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.deployment.PreviewStatus;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.models.Components;

/**
 * Lists in the OpenAPI document the values the API speaks ({@code pending}, as {@link
 * PersistentEnumModule} writes them) for the model's enums that are schemas of their own; the
 * scanner would list their Java names ({@code PENDING}), which generated clients then refuse.
 */
public final class PersistentEnumSchemas {

  /** The model's enums that responses and parameters name as components. */
  private static final List<Class<? extends PersistentEnum>> COMPONENTS =
      List.of(DeploymentStatus.class, PreviewStatus.class);

  private PersistentEnumSchemas() {}

  /** Replaces the Java names in the enum components by the values the API speaks. */
  public static void describe(Components components) {
    if (components == null || components.getSchemas() == null) {
      return;
    }
    for (var type : COMPONENTS) {
      var schema = components.getSchemas().get(type.getSimpleName());
      if (schema != null) {
        schema.setEnumeration(
            Arrays.stream(type.getEnumConstants()).map(c -> (Object) c.value()).toList());
      }
    }
  }
}
