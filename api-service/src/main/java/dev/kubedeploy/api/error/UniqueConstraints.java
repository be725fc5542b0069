package dev.kubedeploy.api.error;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a unique-index violation into the request field it is about. The services check these rules
 * first; the indexes are the safety net for concurrent requests that pass the checks at once.
 */
final class UniqueConstraints {

  private static final String UNIQUE_VIOLATION = "23505";

  private static final Pattern CONSTRAINT_NAME = Pattern.compile("constraint \"([^\"]+)\"");

  private static final Map<String, String> FIELDS =
      Map.of(
          "deployment_live_user_name_key", "name",
          "deployment_live_domainname_key", "domainname",
          "product_slug_key", "slug",
          "product_template_version_label_key", "version_label",
          "tenant_key_key", "tenant_key",
          "users_subject_key", "subject",
          "users_tenant_username_key", "username",
          "users_tenant_email_key", "email",
          "idempotency_key_user_key", "Idempotency-Key");

  private UniqueConstraints() {}

  /** The conflict a unique violation somewhere in {@code failure}'s causes stands for, if any. */
  static Optional<ConflictException> conflict(Throwable failure) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return Optional.of(conflictFor(constraintName(sql)));
      }
    }
    return Optional.empty();
  }

  private static ConflictException conflictFor(String constraint) {
    var field = FIELDS.get(constraint);
    return field == null
        ? new ConflictException("The request conflicts with an existing resource.")
        : new ConflictException(field, "is already taken");
  }

  private static String constraintName(SQLException failure) {
    var matcher = CONSTRAINT_NAME.matcher(String.valueOf(failure.getMessage()));
    return matcher.find() ? matcher.group(1) : "";
  }
}
