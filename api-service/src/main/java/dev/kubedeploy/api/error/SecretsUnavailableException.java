package dev.kubedeploy.api.error;

/**
 * 503: secret values cannot be sealed or opened with the key ring this service was given (no key,
 * or not the key that sealed them); an operator must fix app.secrets.keys.
 */
public class SecretsUnavailableException extends ApiException {

  public SecretsUnavailableException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 503;
  }

  @Override
  public String kind() {
    return "secrets-unavailable";
  }

  @Override
  public String title() {
    return "Secret values unavailable";
  }
}
