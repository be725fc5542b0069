package dev.kubedeploy.api.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubedeploy.api.error.IdempotencyKeyReusedException;
import dev.kubedeploy.api.error.InvalidInputException;
import dev.kubedeploy.api.json.JsonText;
import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.IdempotencyKey;
import dev.kubedeploy.model.identity.User;
import dev.kubedeploy.model.values.SecretKeyRing;
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
  private final SecretKeyRing ring;

  IdempotencyKeys(EntityManager entityManager, ObjectMapper json, SecretKeyRing ring) {
    this.entityManager = entityManager;
    this.json = json;
    this.ring = ring;
  }

  /**
   * Takes the key's lock for the rest of the transaction and returns the id of the deployment an
   * earlier create with it made; 422 when that create had another body.
   */
  Optional<Long> lockAndFind(long userId, String key, DeploymentCreate request) {
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
    if (earlier.isPresent() && !sameRequest(earlier.get().requestHash, request)) {
      throw new IdempotencyKeyReusedException();
    }
    return earlier.map(k -> k.deployment.id);
  }

  void remember(long userId, String key, DeploymentCreate request, Deployment deployment) {
    var row = new IdempotencyKey();
    row.user = entityManager.getReference(User.class, userId);
    row.key = key;
    row.requestHash = hash(request);
    row.deployment = deployment;
    row.persist();
  }

  /**
   * A digest of the request as canonical JSON (member order and the alias used do not matter). The
   * request may hold secret values, so the digest is keyed with the key ring: a plain hash would
   * let whoever reads the table guess a weak secret offline. Only a platform without keys, where no
   * value can be secret, stores a plain SHA-256.
   */
  String hash(DeploymentCreate request) {
    JsonNode tree = json.valueToTree(request);
    return ring.canSeal() ? ring.keyedDigest(JsonText.canonical(tree)) : JsonText.sha256(tree);
  }

  /**
   * Whether {@code stored} is the digest of {@code request}: keyed under any key the ring holds, so
   * that a retry after a key rotation still matches, or plain as written before digests were keyed.
   */
  private boolean sameRequest(String stored, DeploymentCreate request) {
    JsonNode tree = json.valueToTree(request);
    return SecretKeyRing.isKeyedDigest(stored)
        ? ring.matchesKeyedDigest(stored, JsonText.canonical(tree))
        : stored.equals(JsonText.sha256(tree));
  }
}
