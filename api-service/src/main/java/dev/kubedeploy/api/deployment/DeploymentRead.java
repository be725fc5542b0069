package dev.kubedeploy.api.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A deployment: desired state, what the cluster has, and the pods seen. */
public record DeploymentRead(
    @Schema(example = "wiki-alice-4k2j9x") String deploymentUid,
    @Schema(example = "team-wiki") String name,
    @Schema(example = "wiki", description = "slug of the product") String product,
    @Schema(example = "alice", description = "user name of the owner") String owner,
    @Schema(example = "wiki.team.example.com") String domainname,
    @Schema(example = "wiki-alice-4k2j9x") String namespaceName,
    @Schema(example = "wiki-alice-4k2j9x") String releaseName,
    @Schema(example = "12") long desiredTemplateId,
    @Schema(example = "12", nullable = true) Long appliedTemplateId,
    @Schema(
            type = SchemaType.OBJECT,
            nullable = true,
            example = "{\"replicaCount\": 2, \"adminPassword\": \"***\"}",
            description =
                "the user's values; \"***\" stands for each value the schema marks secret")
        JsonNode userValues,
    @Schema(example = "2") int targetReplicas,
    ComputeResources resources,
    DeploymentStatus status,
    @Schema(example = "3") long generation,
    @Schema(example = "2", nullable = true) Long appliedGeneration,
    @Schema(nullable = true) String lastError,
    @Schema(nullable = true) Instant lastReconcileAt,
    Instant createdAt,
    Instant updatedAt,
    @Schema(nullable = true) Instant deletedAt,
    @Schema(
            nullable = true,
            description =
                "Set while the deployment is suspended: the reconciler applies and corrects"
                    + " nothing until it is resumed")
        Instant suspendedAt,
    ObservedReplicas replicas,
    @Schema(description = "Ready, Reconciling and Stalled, always all three")
        List<ConditionRead> conditions,
    @Schema(
            nullable = true,
            example = "2",
            description = "failed attempts so far, while a retry waits; null otherwise")
        Integer attempt,
    @Schema(nullable = true, example = "10", description = "attempts the retries get in all")
        Integer maxAttempts,
    @Schema(nullable = true, description = "when the next attempt is due") Instant nextAttemptAt) {}
