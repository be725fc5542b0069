package dev.kubedeploy.api.deployment;

import dev.kubedeploy.api.error.ResourceNotFoundException;
import dev.kubedeploy.api.security.CurrentCaller;
import dev.kubedeploy.model.deployment.DeploymentPreview;
import dev.kubedeploy.model.identity.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Previews of a PATCH: the body is judged exactly as {@link DeploymentService#update} judges it,
 * and the desired state it would make is written into a preview row instead of the deployment. The
 * reconciler, which alone runs helm, renders it and writes the diff into the row; the API has no
 * cluster access and only waits for the answer, a bounded time.
 */
@ApplicationScoped
public class DeploymentPreviews {

  private final EntityManager entityManager;
  private final CurrentCaller currentCaller;
  private final DeploymentService deployments;
  private final DeploymentSecrets secrets;
  private final PreviewsConfig config;

  DeploymentPreviews(
      EntityManager entityManager,
      CurrentCaller currentCaller,
      DeploymentService deployments,
      DeploymentSecrets secrets,
      PreviewsConfig config) {
    this.entityManager = entityManager;
    this.currentCaller = currentCaller;
    this.deployments = deployments;
    this.secrets = secrets;
    this.config = config;
  }

  /**
   * Stores a preview of {@code request} and asks the reconciler for it; the deployment is read
   * under the lock a PATCH takes, so that the change is judged against a settled state, and is left
   * as it was.
   *
   * @return the preview's id
   */
  @Transactional
  public long request(String uid, DeploymentUpdate request, String ifMatch) {
    var deployment = deployments.lockForChange(uid, ifMatch);
    var plan = deployments.plan(deployment, request);
    var template = deployment.desiredTemplate;
    var stored = secrets.seal(deployment.deploymentUid, template, plan.values());
    var preview = new DeploymentPreview();
    preview.deployment = deployment;
    preview.baseGeneration = deployment.generation;
    preview.template = template;
    preview.domainname = plan.domainname();
    preview.userValuesJson = stored.maskedJson();
    preview.secretValues = stored.ciphertext();
    preview.secretValuesKey = stored.keyId();
    preview.targetReplicas = deployment.targetReplicas;
    var compute = plan.compute();
    preview.cpuCores = compute.cpuCores();
    preview.memoryMb = compute.memoryMb();
    preview.gpuUnits = compute.gpuUnits() == null ? 0 : compute.gpuUnits();
    preview.storageGb = compute.storageGb();
    preview.requestedBy = entityManager.getReference(User.class, currentCaller.get().userId());
    preview.request();
    return preview.id;
  }

  /**
   * The preview once the reconciler has answered, or as it is when {@code
   * app.previews.wait-timeout} passes first. Each look is a transaction of its own, so that it sees
   * the reconciler's commit.
   */
  public PreviewRead await(String uid, long id) throws InterruptedException {
    var deadline = System.nanoTime() + config.waitTimeout().toNanos();
    while (true) {
      var preview = QuarkusTransaction.requiringNew().call(() -> get(uid, id));
      if (!preview.isPending() || System.nanoTime() - deadline >= 0) {
        return preview;
      }
      Thread.sleep(config.pollInterval());
    }
  }

  /** A preview of the caller's deployment; another's, or one already pruned, answers 404. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public PreviewRead get(String uid, long id) {
    var caller = currentCaller.get();
    return entityManager
        .createQuery(
            "select p from DeploymentPreview p join fetch p.deployment d"
                + " where p.id = :id and d.deploymentUid = :uid",
            DeploymentPreview.class)
        .setParameter("id", id)
        .setParameter("uid", uid)
        .getResultStream()
        .findFirst()
        .filter(p -> caller.mayAccess(p.deployment.user.id))
        .map(p -> PreviewRead.of(p, uid))
        .orElseThrow(() -> new ResourceNotFoundException("preview", uid + "/" + id));
  }
}
