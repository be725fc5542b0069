package dev.kubedeploy.api.deployment;

import dev.kubedeploy.api.error.InvalidInputException;
import dev.kubedeploy.api.page.KeysetQuery;
import dev.kubedeploy.api.page.Page;
import dev.kubedeploy.api.page.PageRequest;
import dev.kubedeploy.api.security.CurrentCaller;
import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentRevision;
import dev.kubedeploy.model.deployment.RevisionOperation;
import dev.kubedeploy.model.deployment.RevisionOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Objects;

/**
 * A deployment's revisions, and rollback to one of them. A rollback is a desired change like any
 * other (a new generation, written by {@link DeploymentService}), so history stays linear and the
 * reconciler needs no rollback of its own.
 */
@ApplicationScoped
public class DeploymentRevisions {

  private static final String TO_GENERATION = "to_generation";

  private final EntityManager entityManager;
  private final CurrentCaller currentCaller;
  private final DeploymentService deployments;
  private final DeploymentReads reads;
  private final DeploymentSecrets secrets;

  DeploymentRevisions(
      EntityManager entityManager,
      CurrentCaller currentCaller,
      DeploymentService deployments,
      DeploymentReads reads,
      DeploymentSecrets secrets) {
    this.entityManager = entityManager;
    this.currentCaller = currentCaller;
    this.deployments = deployments;
    this.reads = reads;
    this.secrets = secrets;
  }

  /** The caller's deployment's revisions, newest generation first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<RevisionRead> list(String uid, PageRequest page) {
    var caller = currentCaller.get();
    var deployment =
        Deployment.findByUid(uid)
            .filter(d -> caller.mayAccess(d.user.id))
            .orElseThrow(() -> DeploymentService.notFound(uid));
    var rows =
        KeysetQuery.of(
                "select r from DeploymentRevision r join fetch r.template"
                    + " left join fetch r.requestedBy",
                "r.generation",
                DeploymentRevision.class)
            .where("r.deployment = :deployment", "deployment", deployment)
            .rows(entityManager, page);
    return Page.of(rows, page, r -> r.generation, RevisionRead::of);
  }

  /**
   * Makes the desired state the template and values that generation {@code to_generation} applied,
   * secret values included (a revision recorded before revisions kept them keeps the current ones).
   * Asking for the state the deployment already wants changes nothing. Restoring an admin-only
   * template, or values of one, takes an admin, as deploying it would.
   */
  @Transactional
  public DeploymentRead rollback(String uid, DeploymentRollback request, String ifMatch) {
    var deployment = deployments.lockForChange(uid, ifMatch);
    var revision = appliedRevision(deployment, request.toGeneration());
    var template = revision.template;
    var sameTemplate = template.id.equals(deployment.desiredTemplate.id);
    var current = secrets.revealed(deployment);
    var values = secrets.keepMasked(secrets.revealed(revision), template, current);
    if (sameTemplate && Objects.equals(values, current)) {
      return reads.of(deployment);
    }
    DeploymentService.requireMayDeploy(currentCaller.get(), template);
    if (!template.hasChart()) {
      throw new InvalidInputException(
          TO_GENERATION, "applied template " + template.id + ", which no longer has a chart");
    }
    deployments.requireValidValues(
        template,
        values,
        DeploymentService.facts(
            deployment.targetReplicas, deployment.domainname, deployments.computeOf(deployment)));
    var change =
        "to generation "
            + revision.generation
            + (sameTemplate
                ? ""
                : ", template "
                    + deployment.desiredTemplate.versionLabel
                    + " -> "
                    + template.versionLabel);
    deployment.desiredTemplate = template;
    secrets.store(deployment, template, values);
    deployments.desiredChange(deployment, RevisionOperation.ROLLBACK, change);
    return reads.of(deployment);
  }

  private static DeploymentRevision appliedRevision(Deployment deployment, long generation) {
    var revision =
        DeploymentRevision.<DeploymentRevision>find(
                "deployment = ?1 and generation = ?2", deployment, generation)
            .firstResultOptional()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        TO_GENERATION, "names no revision of this deployment"));
    if (revision.outcome != RevisionOutcome.APPLIED) {
      throw new InvalidInputException(
          TO_GENERATION, "was never applied (its outcome is " + revision.outcome.value() + ")");
    }
    return revision;
  }
}
