package dev.kubedeploy.api.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.api.error.FieldError;
import dev.kubedeploy.api.error.InvalidInputException;
import dev.kubedeploy.api.error.SecretsUnavailableException;
import dev.kubedeploy.api.json.JsonText;
import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentRevision;
import dev.kubedeploy.model.values.InvalidSchemaException;
import dev.kubedeploy.model.values.SecretFields;
import dev.kubedeploy.model.values.SecretKeyRing;
import dev.kubedeploy.model.values.SecretUnreadableException;
import dev.kubedeploy.model.values.SecretValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the values of a template's secret fields out of everything the API stores in clear and
 * shows: {@code user_values_json} holds {@code "***"} in their place, and the values themselves are
 * sealed with the key ring, bound to the deployment's uid. Every read shows the stored column, so
 * no read can show a secret; only validation and the reconciler see the revealed values.
 */
@ApplicationScoped
class DeploymentSecrets {

  /** Far more than the catalog holds; a bound only so that a runaway catalog cannot fill memory. */
  private static final int MAX_CACHED_SCHEMAS = 1000;

  private final SecretKeyRing ring;
  private final Map<String, SecretFields> fieldsBySchema = new ConcurrentHashMap<>();

  DeploymentSecrets(SecretKeyRing ring) {
    this.ring = ring;
  }

  /** The deployment's user values with its secrets in place, as its chart gets them. */
  JsonNode revealed(Deployment deployment) {
    return revealed(
        deployment.userValuesJson,
        deployment.secretValues,
        deployment.secretValuesKey,
        deployment.deploymentUid);
  }

  /**
   * The user values revision applied, with the secrets it kept in place; {@code "***"} where it
   * kept none (recorded before revisions kept them).
   */
  JsonNode revealed(DeploymentRevision revision) {
    return revealed(
        revision.userValuesJson,
        revision.secretValues,
        revision.secretValuesKey,
        revision.deployment.deploymentUid);
  }

  private JsonNode revealed(String maskedJson, byte[] secretValues, String keyId, String uid) {
    var masked = JsonText.parse(maskedJson);
    if (secretValues == null) {
      return masked;
    }
    try {
      var sealed = new SecretKeyRing.Sealed(keyId, secretValues);
      return SecretValues.open(ring, sealed, uid).revealIn(masked);
    } catch (SecretUnreadableException e) {
      throw new SecretsUnavailableException(e.getMessage());
    }
  }

  /**
   * {@code requested} with each {@code "***"} at a secret field of {@code template} replaced by the
   * value {@code current} holds there, so that a client can send back what it read. A mask where
   * nothing is held answers 422.
   *
   * @param current the revealed values the deployment has, or null for a new one
   */
  JsonNode keepMasked(JsonNode requested, ProductTemplateVersion template, JsonNode current) {
    if (!(requested instanceof ObjectNode)) {
      return requested;
    }
    var kept = requested.deepCopy();
    var errors = new ArrayList<FieldError>();
    for (var path : fields(template).paths()) {
      if (path.find(requested).filter(SecretValues::isMask).isEmpty()) {
        continue;
      }
      var held = path.find(current).filter(value -> !value.isNull());
      if (held.isPresent()) {
        path.set((ObjectNode) kept, held.get().deepCopy());
      } else {
        errors.add(
            FieldError.atPointer(
                "/user_values" + path.pointer(),
                "is \"***\", which keeps the stored secret value, but none is stored here"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return kept;
  }

  /**
   * Stores {@code userValues} on the deployment: secrets of {@code template} sealed, the rest in
   * clear.
   */
  void store(Deployment deployment, ProductTemplateVersion template, JsonNode userValues) {
    var stored = seal(deployment.deploymentUid, template, userValues);
    deployment.userValuesJson = stored.maskedJson();
    deployment.secretValues = stored.ciphertext();
    deployment.secretValuesKey = stored.keyId();
  }

  /**
   * {@code userValues} as a deployment stores them: {@code "***"} at each secret field of {@code
   * template}, and the secrets sealed with the ring's first key, bound to the deployment's uid.
   */
  StoredValues seal(String deploymentUid, ProductTemplateVersion template, JsonNode userValues) {
    var split = SecretValues.split(userValues, fields(template));
    var maskedJson = JsonText.write(split.masked());
    if (split.secrets().isEmpty()) {
      return new StoredValues(maskedJson, null, null);
    }
    if (!ring.canSeal()) {
      throw new SecretsUnavailableException(
          "The template marks secret fields, but the platform has no key to seal their values"
              + " with (app.secrets.keys).");
    }
    var sealed = split.secrets().seal(ring, deploymentUid);
    return new StoredValues(maskedJson, sealed.ciphertext(), sealed.keyId());
  }

  /**
   * User values as stored.
   *
   * @param maskedJson in clear, {@code "***"} at each secret field
   * @param ciphertext the sealed secrets, or null when there are none
   * @param keyId the key that sealed them, null exactly when {@code ciphertext} is
   */
  record StoredValues(String maskedJson, byte[] ciphertext, String keyId) {}

  private SecretFields fields(ProductTemplateVersion template) {
    if (template.valuesSchemaJson == null) {
      return SecretFields.none();
    }
    if (fieldsBySchema.size() >= MAX_CACHED_SCHEMAS) {
      fieldsBySchema.clear();
    }
    try {
      return fieldsBySchema.computeIfAbsent(
          template.valuesSchemaJson, text -> SecretFields.of(JsonText.parse(text)));
    } catch (InvalidSchemaException e) {
      throw new InvalidInputException(
          "template_id",
          "the template's values_schema_json marks secrets at places that name no single field;"
              + " an admin must publish a fixed version");
    }
  }
}
