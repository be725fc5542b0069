package dev.kubedeploy.api.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubedeploy.model.deployment.DeploymentPreview;
import dev.kubedeploy.model.deployment.PreviewStatus;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A preview of a change: what the reconciler rendered, object by object, against what the cluster
 * has.
 *
 * @param baseGeneration the generation the change was judged against
 * @param changes the objects the change adds, removes or changes; empty until done
 * @param unchanged how many objects stay as they are
 * @param error why rendering failed, in Helm's words; null unless failed
 */
public record PreviewRead(
    @Schema(example = "42") long id,
    @Schema(example = "wiki-alice-7k2m9x") String deploymentUid,
    @Schema(description = "pending, done or failed") PreviewStatus status,
    @Schema(example = "3") long baseGeneration,
    Instant createdAt,
    Instant finishedAt,
    List<ObjectChange> changes,
    @Schema(example = "4") int unchanged,
    String error) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One object the change touches, named as Kubernetes names it.
   *
   * @param change added, removed or changed
   * @param diff a unified diff of the object's YAML, applied first; Secret data and secret values
   *     show as {@code "***"}
   */
  public record ObjectChange(
      @Schema(example = "Deployment") String kind,
      @Schema(example = "wiki-alice-7k2m9x") String namespace,
      @Schema(example = "wiki-alice-7k2m9x") String name,
      @Schema(description = "added, removed or changed") String change,
      String diff) {}

  /** What the reconciler writes into result_json. */
  record Result(List<ObjectChange> changes, int unchanged) {}

  static PreviewRead of(DeploymentPreview preview, String deploymentUid) {
    var result = preview.resultJson == null ? new Result(List.of(), 0) : parse(preview.resultJson);
    return new PreviewRead(
        preview.id,
        deploymentUid,
        preview.status,
        preview.baseGeneration,
        preview.createdAt,
        preview.finishedAt,
        result.changes(),
        result.unchanged(),
        preview.error);
  }

  boolean isPending() {
    return status == PreviewStatus.PENDING;
  }

  private static Result parse(String json) {
    try {
      return JSON.readValue(json, Result.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("preview result is not in the expected form", e);
    }
  }
}
