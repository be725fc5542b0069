package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.model.catalog.PodSecurityLevel;
import dev.kubedeploy.model.catalog.Product;
import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentClusterEvent;
import dev.kubedeploy.model.deployment.DeploymentPreview;
import dev.kubedeploy.model.deployment.DeploymentReplica;
import dev.kubedeploy.model.deployment.DeploymentResource;
import dev.kubedeploy.model.deployment.DeploymentRevision;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.deployment.DeploymentStatusHistory;
import dev.kubedeploy.model.deployment.DeploymentUid;
import dev.kubedeploy.model.deployment.RevisionOperation;
import dev.kubedeploy.model.identity.Tenant;
import dev.kubedeploy.model.identity.User;
import dev.kubedeploy.reconciler.queue.ReconcileRequest;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Rows for tests of the reconcile step, written as the API would write them, and a claimed job to
 * pass the lease fence with.
 */
@ApplicationScoped
public class Fixtures {

  public static final String OWNER = "reconcile-test";

  /** A template version as an admin publishes it. */
  public record TemplateSpec(
      String chartRef,
      String chartVersion,
      String chartDigest,
      String defaultValuesJson,
      String valuesSchemaJson,
      String capabilitiesJson,
      int healthTimeoutSec) {

    public TemplateSpec withChart(String ref, String version, String digest) {
      return new TemplateSpec(
          ref,
          version,
          digest,
          defaultValuesJson,
          valuesSchemaJson,
          capabilitiesJson,
          healthTimeoutSec);
    }
  }

  @Transactional
  public long template(TemplateSpec spec) {
    var product =
        Product.<Product>find("slug", "webapp")
            .firstResultOptional()
            .orElseGet(
                () -> {
                  var created = new Product();
                  created.slug = "webapp";
                  created.name = "Web app";
                  created.persist();
                  return created;
                });
    var template = new ProductTemplateVersion();
    template.product = product;
    template.versionLabel = "v-" + UUID.randomUUID().toString().substring(0, 8);
    template.chartRef = spec.chartRef();
    template.chartVersion = spec.chartVersion();
    template.chartDigest = spec.chartDigest();
    template.defaultValuesJson = spec.defaultValuesJson();
    template.valuesSchemaJson = spec.valuesSchemaJson();
    template.capabilitiesJson = spec.capabilitiesJson();
    template.healthTimeoutSec = spec.healthTimeoutSec();
    // the sample charts run nginx as root, which the harness's Pod Security Admission refuses at
    // the default level, restricted; ContainmentTest covers restricted
    template.podSecurityLevel = PodSecurityLevel.BASELINE;
    template.persist();
    return template.id;
  }

  /** Publishes the template at Pod Security level restricted, the platform's default. */
  @Transactional
  public void restrict(long templateId) {
    ProductTemplateVersion.<ProductTemplateVersion>findById(templateId).podSecurityLevel =
        PodSecurityLevel.RESTRICTED;
  }

  /** A new deployment of {@code templateId}, pending, with one replica's worth of compute. */
  @Transactional
  public long deployment(long templateId, int replicas, String userValuesJson) {
    var tenant = Tenant.findByKey(Tenant.DEFAULT_KEY).orElseThrow();
    var username = "u" + UUID.randomUUID().toString().substring(0, 8);
    var user = new User();
    user.tenant = tenant;
    user.subject = username;
    user.username = username;
    user.email = username + "@example.org";
    user.persist();
    var template = ProductTemplateVersion.<ProductTemplateVersion>findById(templateId);
    var deployment = new Deployment();
    deployment.tenant = tenant;
    deployment.user = user;
    deployment.name = "web";
    deployment.templateId = templateId;
    deployment.deploymentUid = DeploymentUid.generate("webapp", username);
    deployment.namespaceName = deployment.deploymentUid;
    deployment.releaseName = deployment.deploymentUid;
    deployment.desiredTemplate = template;
    deployment.userValuesJson = userValuesJson;
    deployment.targetReplicas = replicas;
    deployment.persist();
    var resource = new DeploymentResource();
    resource.deployment = deployment;
    resource.cpuCores = new BigDecimal("0.5");
    resource.memoryMb = 512;
    resource.gpuUnits = 0;
    resource.storageGb = 1;
    resource.persist();
    DeploymentStatusHistory.of(deployment, null, DeploymentStatus.PENDING, user, "created")
        .persist();
    DeploymentRevision.of(deployment, RevisionOperation.CREATE, null, user).persist();
    return deployment.id;
  }

  /** A desired change as the API makes it: the generation grows and the status is pending. */
  @Transactional
  public void change(long deploymentId, Consumer<Deployment> change) {
    var deployment = Deployment.<Deployment>findById(deploymentId);
    change.accept(deployment);
    deployment.generation++;
    if (deployment.status != DeploymentStatus.DELETING) {
      deployment.status = DeploymentStatus.PENDING;
      DeploymentRevision.of(deployment, RevisionOperation.UPDATE, null, deployment.user).persist();
    }
  }

  /**
   * A pending preview of the deployment as the API writes one: its current desired state with
   * {@code change} applied to the row.
   */
  @Transactional
  public long preview(long deploymentId, Consumer<DeploymentPreview> change) {
    var deployment = Deployment.<Deployment>findById(deploymentId);
    var resource = DeploymentResource.<DeploymentResource>findById(deploymentId);
    var preview = new DeploymentPreview();
    preview.deployment = deployment;
    preview.baseGeneration = deployment.generation;
    preview.template = deployment.desiredTemplate;
    preview.domainname = deployment.domainname;
    preview.userValuesJson = deployment.userValuesJson;
    preview.secretValues = deployment.secretValues;
    preview.secretValuesKey = deployment.secretValuesKey;
    preview.targetReplicas = deployment.targetReplicas;
    preview.cpuCores = resource.cpuCores;
    preview.memoryMb = resource.memoryMb;
    preview.gpuUnits = resource.gpuUnits;
    preview.storageGb = resource.storageGb;
    change.accept(preview);
    preview.persist();
    return preview.id;
  }

  /** A preview row as stored now. */
  public record PreviewRow(String status, String resultJson, String error) {}

  @Transactional
  public PreviewRow previewRow(long previewId) {
    var preview = DeploymentPreview.<DeploymentPreview>findById(previewId);
    return new PreviewRow(preview.status.value(), preview.resultJson, preview.error);
  }

  /** Suspends or resumes the deployment, as the API does (the resume's job is the test's). */
  @Transactional
  public void suspend(long deploymentId, boolean suspended) {
    Deployment.<Deployment>findById(deploymentId).suspendedAt = suspended ? Instant.now() : null;
  }

  /** The outcome of each revision, oldest generation first, as "generation outcome". */
  @Transactional
  public List<String> revisionOutcomes(long deploymentId) {
    return DeploymentRevision.<DeploymentRevision>find(
            "deployment.id = ?1 order by generation", deploymentId)
        .stream()
        .map(revision -> revision.generation + " " + revision.outcome.value())
        .toList();
  }

  /** Points the deployment at another template version, as an upgrade through the API does. */
  public void upgrade(long deploymentId, long templateId) {
    change(
        deploymentId,
        deployment ->
            deployment.desiredTemplate =
                ProductTemplateVersion.<ProductTemplateVersion>findById(templateId));
  }

  /** Marks the deployment for deletion, as DELETE through the API does. */
  public void delete(long deploymentId) {
    change(deploymentId, deployment -> deployment.status = DeploymentStatus.DELETING);
  }

  /** A job for the deployment, claimed by {@link #OWNER} with a lease of an hour. */
  @Transactional
  public ReconcileRequest claim(long deploymentId, String reason) {
    var entityManager = Panache.getEntityManager();
    entityManager
        .createNativeQuery(
            "UPDATE deployment_reconcile_job SET status = 'done', lease_expires_at = NULL"
                + " WHERE deployment_id = ?1 AND status = 'running'")
        .setParameter(1, deploymentId)
        .executeUpdate();
    var claim =
        (Object[])
            entityManager
                .createNativeQuery(
                    """
                    INSERT INTO deployment_reconcile_job
                      (deployment_id, reason, status, locked_by, locked_at, lease_expires_at,
                       claim_epoch)
                    VALUES (?1, ?2, 'running', ?3, now(), now() + interval '1 hour',
                            nextval('deployment_reconcile_job_claim_epoch_seq'))
                    RETURNING id, claim_epoch
                    """)
                .setParameter(1, deploymentId)
                .setParameter(2, reason)
                .setParameter(3, OWNER)
                .getSingleResult();
    return new ReconcileRequest(
        ((Number) claim[0]).longValue(),
        deploymentId,
        reason,
        0,
        OWNER,
        ((Number) claim[1]).longValue());
  }

  /** Finishes a claimed job, as the queue does when the step returns. */
  @Transactional
  public void finish(ReconcileRequest request) {
    Panache.getEntityManager()
        .createNativeQuery(
            "UPDATE deployment_reconcile_job SET status = 'done', lease_expires_at = NULL"
                + " WHERE id = ?1")
        .setParameter(1, request.jobId())
        .executeUpdate();
  }

  /** Why the deployment has its status: the reason code and the message. */
  public record StatusReason(String code, String message) {}

  @Transactional
  public StatusReason statusReason(long deploymentId) {
    var deployment = Deployment.<Deployment>findById(deploymentId);
    return new StatusReason(deployment.statusReason, deployment.statusMessage);
  }

  /** Gives the job of {@code request} to a new claim of the same owner, with its epoch. */
  @Transactional
  public void reclaim(ReconcileRequest request) {
    Panache.getEntityManager()
        .createNativeQuery("UPDATE deployment_reconcile_job SET claim_epoch = ?1 WHERE id = ?2")
        .setParameter(1, request.claimEpoch())
        .setParameter(2, request.jobId())
        .executeUpdate();
  }

  /** Ends a claimed job's lease, as a takeover by another instance would. */
  @Transactional
  public void loseLease(ReconcileRequest request) {
    Panache.getEntityManager()
        .createNativeQuery(
            "UPDATE deployment_reconcile_job SET locked_by = 'someone-else' WHERE id = ?1")
        .setParameter(1, request.jobId())
        .executeUpdate();
  }

  /** The deployment row as stored now. */
  public record Row(
      String namespace,
      String release,
      DeploymentStatus status,
      long generation,
      Long appliedTemplateId,
      Long appliedGeneration,
      String lastError,
      boolean deleted,
      boolean reconciledAtSet) {}

  @Transactional
  public Row row(long deploymentId) {
    var deployment = Deployment.<Deployment>findById(deploymentId);
    return new Row(
        deployment.namespaceName,
        deployment.releaseName,
        deployment.status,
        deployment.generation,
        deployment.appliedTemplate == null ? null : deployment.appliedTemplate.id,
        deployment.appliedGeneration,
        deployment.lastError,
        deployment.deletedAt != null,
        deployment.lastReconcileAt != null);
  }

  /** The history as "old -> new: reason" lines, oldest first. */
  @Transactional
  public List<String> history(long deploymentId) {
    return DeploymentStatusHistory.<DeploymentStatusHistory>find(
            "deployment.id = ?1 order by id", deploymentId)
        .stream()
        .map(
            row ->
                (row.oldStatus == null ? "none" : row.oldStatus.value())
                    + " -> "
                    + row.newStatus.value()
                    + ": "
                    + row.reason)
        .toList();
  }

  /** The mirrored cluster Events of a deployment, detached, newest first. */
  @Transactional
  public List<DeploymentClusterEvent> clusterEvents(long deploymentId) {
    var rows =
        DeploymentClusterEvent.<DeploymentClusterEvent>find(
                "deployment.id = ?1 order by lastSeen desc, id desc", deploymentId)
            .list();
    rows.forEach(row -> Panache.getEntityManager().detach(row));
    return rows;
  }

  /** The replica rows, detached, in pod name order. */
  @Transactional
  public List<DeploymentReplica> replicas(long deploymentId) {
    var rows =
        DeploymentReplica.<DeploymentReplica>find(
                "deployment.id = ?1 order by podName", deploymentId)
            .list();
    rows.forEach(row -> Panache.getEntityManager().detach(row));
    return rows;
  }
}
