package dev.kubedeploy.api.deployment;

import dev.kubedeploy.api.json.JsonText;
import dev.kubedeploy.model.deployment.DeploymentRevision;
import dev.kubedeploy.model.deployment.RevisionOperation;
import dev.kubedeploy.model.deployment.RevisionOutcome;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One generation of a deployment's desired state and what became of it. The values appear only as a
 * digest: they may hold secrets, and the digest is enough to tell two revisions apart.
 */
public record RevisionRead(
    @Schema(example = "3") long generation,
    @Schema(example = "12") long templateId,
    @Schema(example = "1.4.0") String templateVersion,
    @Schema(
            example = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
            description = "SHA-256 of the user values as canonical JSON (members sorted)")
        String valuesDigest,
    @Schema(example = "2") int targetReplicas,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {
              "imported",
              "create",
              "update",
              "upgrade",
              "scale",
              "resize",
              "rollback"
            })
        RevisionOperation operation,
    @Schema(example = "replicas 2 -> 3", nullable = true) String change,
    @Schema(example = "alice", nullable = true) String requestedBy,
    Instant requestedAt,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"pending", "applied", "failed", "superseded"},
            description =
                "pending until the reconciler applies it (applied), fails at it (failed), or"
                    + " applies a newer generation first (superseded)")
        RevisionOutcome outcome,
    @Schema(nullable = true) Instant outcomeAt) {

  static RevisionRead of(DeploymentRevision row) {
    return new RevisionRead(
        row.generation,
        row.template.id,
        row.template.versionLabel,
        "sha256:" + JsonText.sha256(JsonText.parse(row.userValuesJson)),
        row.targetReplicas,
        row.operation,
        row.change,
        row.requestedBy == null ? null : row.requestedBy.username,
        row.requestedAt,
        row.outcome,
        row.outcomeAt);
  }
}
