package dev.kubedeploy.api.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubedeploy.api.error.IdempotencyKeyReusedException;
import dev.kubedeploy.api.error.InvalidInputException;
import dev.kubedeploy.api.json.JsonText;
import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.IdempotencyKey;
import dev.kubedeploy.model.identity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Optional;

/**
 * Remembers which deployment a create with an {@code Idempotency-Key} made. Creates with the same
 * key are serialized by a transaction-scoped advisory lock, so that a retry sent while the first
 * request still runs waits for it and then gets its result.
 */
@ApplicationScoped
class IdempotencyKeys {

  static final int MAX_KEY_LENGTH = 255;

  private final EntityManager entityManager;
  private final ObjectMapper json;

  IdempotencyKeys(EntityManager entityManager, ObjectMapper json) {
    this.entityManager = entityManager;
    this.json = json;
  }

  /**
   * Takes the key's lock for the rest of the transaction and returns the id of the deployment an
   * earlier create with it made; 422 when that create had another body.
   */
  Optional<Long> lockAndFind(long userId, String key, String requestHash) {
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      throw new InvalidInputException(
          "Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
    entityManager
        .createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(?1, 0))")
        .setParameter(1, "idempotency:" + userId + ":" + key)
        .getSingleResult();
    var earlier =
        entityManager
            .createQuery(
                "select k from IdempotencyKey k where k.user.id = :user and k.key = :key",
                IdempotencyKey.class)
            .setParameter("user", userId)
            .setParameter("key", key)
            .getResultStream()
            .findFirst();
    if (earlier.isPresent() && !earlier.get().requestHash.equals(requestHash)) {
      throw new IdempotencyKeyReusedException();
    }
    return earlier.map(k -> k.deployment.id);
  }

  void remember(long userId, String key, String requestHash, Deployment deployment) {
    var row = new IdempotencyKey();
    row.user = entityManager.getReference(User.class, userId);
    row.key = key;
    row.requestHash = requestHash;
    row.deployment = deployment;
    row.persist();
  }

  /** SHA-256 of the request as canonical JSON: member order and the alias used do not matter. */
  String hash(DeploymentCreate request) {
    return JsonText.sha256(json.valueToTree(request));
  }
}
