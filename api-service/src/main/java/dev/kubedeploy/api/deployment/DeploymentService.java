package dev.kubedeploy.api.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.api.catalog.TemplateValues;
import dev.kubedeploy.api.error.AccessDeniedException;
import dev.kubedeploy.api.error.ConflictException;
import dev.kubedeploy.api.error.InvalidInputException;
import dev.kubedeploy.api.error.MalformedRequestException;
import dev.kubedeploy.api.error.ResourceNotFoundException;
import dev.kubedeploy.api.page.KeysetQuery;
import dev.kubedeploy.api.page.Page;
import dev.kubedeploy.api.page.PageRequest;
import dev.kubedeploy.api.security.Caller;
import dev.kubedeploy.api.security.CurrentCaller;
import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentResource;
import dev.kubedeploy.model.deployment.DeploymentRevision;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.deployment.DeploymentStatusHistory;
import dev.kubedeploy.model.deployment.DeploymentUid;
import dev.kubedeploy.model.deployment.RevisionOperation;
import dev.kubedeploy.model.identity.Tenant;
import dev.kubedeploy.model.identity.User;
import dev.kubedeploy.model.job.ReconcileJob;
import dev.kubedeploy.model.values.PlatformFacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Objects;

/**
 * The only writer of deployments' desired state. Every desired change happens in one transaction
 * that bumps the generation, sets the status, writes a history row and enqueues a reconcile
 * (docs/operations.md, "Queue guarantees"); a request that asks for the state the deployment
 * already has changes nothing. Reads run without a transaction of their own: each is one statement
 * or a few, and skipping BEGIN/COMMIT saves a database round trip per request.
 */
@ApplicationScoped
public class DeploymentService {

  /** Fresh uids are drawn again when one is taken; six base36 characters rarely collide. */
  private static final int UID_ATTEMPTS = 10;

  private final EntityManager entityManager;
  private final CurrentCaller currentCaller;
  private final TemplateValues templateValues;
  private final IdempotencyKeys idempotencyKeys;
  private final DeploymentReads reads;
  private final DeploymentsConfig deploymentsConfig;
  private final DeploymentSecrets secrets;

  DeploymentService(
      EntityManager entityManager,
      CurrentCaller currentCaller,
      TemplateValues templateValues,
      IdempotencyKeys idempotencyKeys,
      DeploymentReads reads,
      DeploymentsConfig deploymentsConfig,
      DeploymentSecrets secrets) {
    this.deploymentsConfig = deploymentsConfig;
    this.secrets = secrets;
    this.entityManager = entityManager;
    this.currentCaller = currentCaller;
    this.templateValues = templateValues;
    this.idempotencyKeys = idempotencyKeys;
    this.reads = reads;
  }

  @Transactional
  public CreateResult create(DeploymentCreate request, String idempotencyKey) {
    var caller = currentCaller.get();
    if (idempotencyKey != null) {
      var earlier = idempotencyKeys.lockAndFind(caller.userId(), idempotencyKey, request);
      if (earlier.isPresent()) {
        return new CreateResult(
            reads.of(entityManager.find(Deployment.class, earlier.get())), true);
      }
    }
    var template = deployableTemplate(request.templateId());
    requireMayDeploy(caller, template);
    requireValuesObject(request.userValues());
    var userValues = secrets.keepMasked(request.userValues(), template, null);
    var domainname = normalized(request.domainname());
    requireAllowedDomain(domainname);
    var compute = request.resources() == null ? ComputeResources.MINIMUM : request.resources();
    var replicas = request.targetReplicas() == null ? 1 : request.targetReplicas();
    requireValidValues(template, userValues, facts(replicas, domainname, compute));
    requireNameFree(caller, request.name());
    requireDomainFree(domainname, null);

    var deployment = newDeployment(caller, request, template, domainname);
    secrets.store(deployment, template, userValues);
    deployment.persist();
    var resource = resourceRow(deployment, request.resources());
    resource.persist();
    DeploymentStatusHistory.of(
            deployment, null, DeploymentStatus.PENDING, deployment.user, "create")
        .persist();
    DeploymentRevision.of(deployment, RevisionOperation.CREATE, null, deployment.user).persist();
    entityManager.flush();
    ReconcileJob.enqueue(deployment.id, "create", RequestTraceContext.current());
    if (idempotencyKey != null) {
      idempotencyKeys.remember(caller.userId(), idempotencyKey, request, deployment);
    }
    return new CreateResult(reads.created(deployment, resource, caller.username()), false);
  }

  /**
   * The caller's deployments (an admin's: everyone's), newest first. Deleted ones are listed only
   * when {@code status=deleted} asks for them.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<DeploymentRead> list(String status, String product, String name, PageRequest page) {
    var caller = currentCaller.get();
    var query = KeysetQuery.of(DeploymentReads.SELECT_WITH_RESOURCES, "d.id", Object[].class);
    if (!caller.admin()) {
      query.where("u.id = :userId", "userId", caller.userId());
    }
    if (status == null) {
      query.where("d.status <> :deleted", "deleted", DeploymentStatus.DELETED);
    } else {
      query.where("d.status = :status", "status", status(status));
    }
    if (product != null) {
      query.where("t.product.slug = :product", "product", product);
    }
    if (name != null) {
      query.where("d.name = :name", "name", name);
    }
    return Page.ofBatch(
        query.rows(entityManager, page), page, row -> ((Deployment) row[0]).id, reads::of);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public DeploymentRead get(String uid) {
    var caller = currentCaller.get();
    var row =
        entityManager
            .createQuery(
                DeploymentReads.SELECT_WITH_RESOURCES + " where d.deploymentUid = :uid",
                Object[].class)
            .setParameter("uid", uid)
            .getResultStream()
            .findFirst()
            .filter(r -> caller.mayAccess(((Deployment) r[0]).user.id))
            .orElseThrow(() -> notFound(uid));
    return reads.of((Deployment) row[0], (DeploymentResource) row[1]);
  }

  @Transactional
  public DeploymentRead update(String uid, DeploymentUpdate request, String ifMatch) {
    var deployment = lockForChange(uid, ifMatch);
    var plan = plan(deployment, request);
    if (plan.changesAnything()) {
      deployment.domainname = plan.domainname();
      secrets.store(deployment, deployment.desiredTemplate, plan.values());
      if (plan.resized()) {
        plan.compute().copyTo(entityManager.find(DeploymentResource.class, deployment.id));
      }
      desiredChange(deployment, plan.operation(), plan.describe());
    }
    return reads.of(deployment);
  }

  /**
   * Judges a PATCH body against the deployment, with the caller's rights, and says what desired
   * state it would make; writes nothing. The same values change nothing and are not judged again.
   */
  UpdatePlan plan(Deployment deployment, DeploymentUpdate request) {
    var domainname = deployment.domainname;
    var values = secrets.revealed(deployment);
    var compute = computeOf(deployment);
    var changes = new ArrayList<String>();
    if (request.domainname() != null) {
      var wanted = normalized(request.domainname());
      if (!wanted.equals(deployment.domainname)) {
        requireAllowedDomain(wanted);
        requireDomainFree(wanted, deployment.id);
        changes.add("domainname " + deployment.domainname + " -> " + wanted);
        domainname = wanted;
      }
    }
    if (request.userValues() != null) {
      requireValuesObject(request.userValues());
      var wanted =
          request.userValues().isNull()
              ? null
              : secrets.keepMasked(request.userValues(), deployment.desiredTemplate, values);
      if (!Objects.equals(values, wanted)) {
        requireMayDeploy(currentCaller.get(), deployment.desiredTemplate);
        // the values themselves stay out of the history: they may hold secrets
        changes.add("user_values changed");
        values = wanted;
      }
    }
    var resized = request.resources() != null && !compute.sameAs(request.resources());
    if (resized) {
      changes.add("resources " + compute.describeChangeTo(request.resources()));
      compute = request.resources();
    }
    if (!changes.isEmpty()) {
      requireValidValues(
          deployment.desiredTemplate,
          values,
          facts(deployment.targetReplicas, domainname, compute));
    }
    return new UpdatePlan(domainname, values, compute, resized, changes);
  }

  @Transactional
  public DeploymentRead upgrade(String uid, DeploymentUpgrade request, String ifMatch) {
    var deployment = lockForChange(uid, ifMatch);
    if (!deployment.desiredTemplate.id.equals(request.templateId())) {
      var template = deployableTemplate(request.templateId());
      if (!template.product.id.equals(deployment.desiredTemplate.product.id)) {
        throw new InvalidInputException(
            "template_id", "belongs to another product than the deployment");
      }
      var values = secrets.revealed(deployment);
      requireValidValues(
          template,
          values,
          facts(deployment.targetReplicas, deployment.domainname, computeOf(deployment)));
      var change =
          "template " + deployment.desiredTemplate.versionLabel + " -> " + template.versionLabel;
      deployment.desiredTemplate = template;
      secrets.store(deployment, template, values);
      desiredChange(deployment, RevisionOperation.UPGRADE, change);
    }
    return reads.of(deployment);
  }

  @Transactional
  public DeploymentRead scale(String uid, DeploymentScale request, String ifMatch) {
    var deployment = lockForChange(uid, ifMatch);
    if (deployment.targetReplicas != request.targetReplicas()) {
      requireValidValues(
          deployment.desiredTemplate,
          secrets.revealed(deployment),
          facts(request.targetReplicas(), deployment.domainname, computeOf(deployment)));
      var change = "replicas " + deployment.targetReplicas + " -> " + request.targetReplicas();
      deployment.targetReplicas = request.targetReplicas();
      desiredChange(deployment, RevisionOperation.SCALE, change);
    }
    return reads.of(deployment);
  }

  /**
   * Queues a reconcile without a desired change: no generation bump, and a history row only when a
   * failed deployment goes back to pending.
   */
  @Transactional
  public DeploymentRead reconcile(String uid, DeploymentReconcile request, String ifMatch) {
    var deployment = lockVisible(uid, ifMatch);
    if (deployment.isDeleted() || deployment.status == DeploymentStatus.DELETED) {
      throw deletedConflict();
    }
    var mode =
        request != null && request.mode() != null
            ? request.mode()
            : deployment.status == DeploymentStatus.FAILED
                ? ReconcileMode.RETRY
                : ReconcileMode.RESYNC;
    if (deployment.status == DeploymentStatus.FAILED) {
      changeStatus(deployment, DeploymentStatus.PENDING, mode.value());
    }
    entityManager.flush();
    ReconcileJob.enqueue(deployment.id, mode.value(), RequestTraceContext.current());
    return reads.of(deployment);
  }

  /**
   * Asks for the deployment to be uninstalled: status {@code deleting}; the reconciler marks it
   * {@code deleted}. Asking again while it is being deleted changes nothing.
   */
  @Transactional
  public DeploymentRead delete(String uid, String ifMatch) {
    var deployment = lockVisible(uid, ifMatch);
    if (deployment.isDeleted() || deployment.status == DeploymentStatus.DELETED) {
      throw deletedConflict();
    }
    if (deployment.status != DeploymentStatus.DELETING) {
      desiredChange(deployment, DeploymentStatus.DELETING, "delete");
    }
    return reads.of(deployment);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<StatusChangeRead> history(String uid, PageRequest page) {
    var caller = currentCaller.get();
    var deployment =
        Deployment.findByUid(uid)
            .filter(d -> caller.mayAccess(d.user.id))
            .orElseThrow(() -> notFound(uid));
    var rows =
        KeysetQuery.of(
                "select h from DeploymentStatusHistory h left join fetch h.changedBy",
                "h.id",
                DeploymentStatusHistory.class)
            .where("h.deployment = :deployment", "deployment", deployment)
            .rows(entityManager, page);
    return Page.of(rows, page, h -> h.id, StatusChangeRead::of);
  }

  /** Locks the caller's deployment for a desired change; deleted ones accept none (409). */
  Deployment lockForChange(String uid, String ifMatch) {
    var deployment = lockVisible(uid, ifMatch);
    if (deployment.isDeleted()
        || deployment.status == DeploymentStatus.DELETING
        || deployment.status == DeploymentStatus.DELETED) {
      throw deletedConflict();
    }
    return deployment;
  }

  /**
   * Locks the row, so that concurrent changes of one deployment apply one after another; another
   * user's deployment answers 404 as if it did not exist.
   */
  private Deployment lockVisible(String uid, String ifMatch) {
    var caller = currentCaller.get();
    var deployment =
        entityManager
            .createQuery(
                "select d from Deployment d where d.deploymentUid = :uid", Deployment.class)
            .setParameter("uid", uid)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultStream()
            .findFirst()
            .filter(d -> caller.mayAccess(d.user.id))
            .orElseThrow(() -> notFound(uid));
    IfMatch.parse(ifMatch).check(DeploymentEtag.of(deployment.generation, deployment.updatedAt));
    return deployment;
  }

  /**
   * A new generation with the desired state the deployment now holds: status pending, a history row
   * saying what changed, the revision, and a reconcile job named after the operation.
   */
  void desiredChange(Deployment deployment, RevisionOperation operation, String change) {
    var reason = change == null ? operation.value() : operation.value() + ": " + change;
    deployment.generation++;
    changeStatus(deployment, DeploymentStatus.PENDING, reason);
    DeploymentRevision.of(deployment, operation, change, changedBy()).persist();
    entityManager.flush();
    ReconcileJob.enqueue(deployment.id, operation.value(), RequestTraceContext.current());
  }

  private void desiredChange(Deployment deployment, DeploymentStatus status, String reason) {
    deployment.generation++;
    changeStatus(deployment, status, reason);
    entityManager.flush();
    ReconcileJob.enqueue(deployment.id, reason, RequestTraceContext.current());
  }

  void changeStatus(Deployment deployment, DeploymentStatus status, String reason) {
    DeploymentStatusHistory.of(deployment, deployment.status, status, changedBy(), reason)
        .persist();
    deployment.status = status;
    // what the reconciler said about the former status no longer explains this one
    deployment.statusReason = null;
    deployment.statusMessage = null;
    deployment.statusChangedAt = Instant.now();
  }

  private User changedBy() {
    return entityManager.getReference(User.class, currentCaller.get().userId());
  }

  private ProductTemplateVersion deployableTemplate(Long templateId) {
    var template =
        entityManager
            .createQuery(
                "select t from ProductTemplateVersion t join fetch t.product where t.id = :id",
                ProductTemplateVersion.class)
            .setParameter("id", templateId)
            .getResultStream()
            .findFirst()
            .orElseThrow(() -> new InvalidInputException("template_id", "names no template"));
    if (!template.hasChart()) {
      throw new InvalidInputException("template_id", "has no chart and cannot be deployed");
    }
    return template;
  }

  private static void requireValuesObject(JsonNode userValues) {
    if (userValues != null && !userValues.isNull() && !userValues.isObject()) {
      throw new InvalidInputException("user_values", "must be a JSON object or null");
    }
  }

  void requireValidValues(
      ProductTemplateVersion template, JsonNode userValues, PlatformFacts facts) {
    var violations = templateValues.violations(template, userValues, facts);
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
  }

  /** Admin-only versions (every version without a values schema) are deployed by admins alone. */
  static void requireMayDeploy(Caller caller, ProductTemplateVersion template) {
    if (template.adminOnly && !caller.admin()) {
      throw new AccessDeniedException(
          "Template "
              + template.id
              + " is admin-only: only an admin may deploy it or change its values.");
    }
  }

  private void requireAllowedDomain(String domainname) {
    if (domainname == null) {
      return;
    }
    var suffixes = deploymentsConfig.allowedDomainSuffixes();
    if (suffixes.isEmpty()) {
      return;
    }
    var allowed =
        suffixes.get().stream()
            .map(suffix -> "." + suffix.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""))
            .anyMatch(domainname::endsWith);
    if (!allowed) {
      throw new InvalidInputException(
          "domainname", "must be a subdomain of one of: " + String.join(", ", suffixes.get()));
    }
  }

  static PlatformFacts facts(int replicas, String domainname, ComputeResources compute) {
    return new PlatformFacts(
        replicas,
        domainname,
        new PlatformFacts.Compute(
            compute.cpuCores(),
            compute.memoryMb(),
            compute.gpuUnits() == null ? 0 : compute.gpuUnits(),
            compute.storageGb()));
  }

  ComputeResources computeOf(Deployment deployment) {
    var row = entityManager.find(DeploymentResource.class, deployment.id);
    return row == null ? ComputeResources.MINIMUM : ComputeResources.of(row);
  }

  private static void requireNameFree(Caller caller, String name) {
    if (Deployment.count("user.id = ?1 and name = ?2 and deletedAt is null", caller.userId(), name)
        > 0) {
      throw new ConflictException("name", "is already taken by another of your deployments");
    }
  }

  private static void requireDomainFree(String domainname, Long exceptId) {
    if (domainname == null) {
      return;
    }
    var taken =
        exceptId == null
            ? Deployment.count("lower(domainname) = ?1 and deletedAt is null", domainname)
            : Deployment.count(
                "lower(domainname) = ?1 and deletedAt is null and id <> ?2", domainname, exceptId);
    if (taken > 0) {
      throw new ConflictException("domainname", "is already used by another deployment");
    }
  }

  private static String freeUid(String productSlug, String username) {
    for (var attempt = 0; attempt < UID_ATTEMPTS; attempt++) {
      var uid = DeploymentUid.generate(productSlug, username);
      if (Deployment.count("deploymentUid", uid) == 0) {
        return uid;
      }
    }
    throw new IllegalStateException("no free deployment uid after " + UID_ATTEMPTS + " attempts");
  }

  /** A new deployment at generation 1, named by a fresh uid: namespace and release share it. */
  private Deployment newDeployment(
      Caller caller, DeploymentCreate request, ProductTemplateVersion template, String domainname) {
    var uid = freeUid(template.product.slug, caller.username());
    var deployment = new Deployment();
    deployment.tenant = entityManager.getReference(Tenant.class, caller.tenantId());
    deployment.user = entityManager.getReference(User.class, caller.userId());
    deployment.name = request.name();
    deployment.domainname = domainname;
    deployment.deploymentUid = uid;
    deployment.namespaceName = uid;
    deployment.releaseName = uid;
    deployment.templateId = template.id;
    deployment.desiredTemplate = template;
    deployment.targetReplicas = request.targetReplicas() == null ? 1 : request.targetReplicas();
    deployment.status = DeploymentStatus.PENDING;
    deployment.generation = 1;
    return deployment;
  }

  private static DeploymentResource resourceRow(Deployment deployment, ComputeResources requested) {
    var row = new DeploymentResource();
    row.deployment = deployment;
    (requested == null ? ComputeResources.MINIMUM : requested).copyTo(row);
    return row;
  }

  private static DeploymentStatus status(String value) {
    try {
      return PersistentEnum.fromValue(DeploymentStatus.class, value);
    } catch (IllegalArgumentException e) {
      throw new MalformedRequestException("status", "is not a deployment status");
    }
  }

  private static String normalized(String domainname) {
    return domainname == null ? null : domainname.toLowerCase(Locale.ROOT);
  }

  static ResourceNotFoundException notFound(String uid) {
    return new ResourceNotFoundException("deployment", uid);
  }

  private static ConflictException deletedConflict() {
    return new ConflictException(
        "The deployment is deleted or being deleted: it accepts no changes.");
  }
}
