package dev.kubedeploy.reconciler.helm;

import java.util.Optional;

/**
 * What a private chart source needs to be read: a user name and password (basic authentication) or
 * a token (a bearer token for a chart repository, a registry token for an OCI registry), and the
 * PEM bundle of the CAs its TLS certificate chains to when that is not a public CA. {@link
 * #toString()} never shows a secret.
 *
 * @param caBundle empty to trust the default CAs
 */
public record ChartCredentials(
    Optional<String> username,
    Optional<String> password,
    Optional<String> token,
    Optional<String> caBundle) {

  /** A public source: no login, the default CAs. */
  public static final ChartCredentials NONE =
      new ChartCredentials(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** Whether requests carry a user name and password. */
  public boolean hasBasicLogin() {
    return username.isPresent() && password.isPresent();
  }

  /** Whether requests carry a login of either kind. */
  public boolean hasLogin() {
    return hasBasicLogin() || token.isPresent();
  }

  @Override
  public String toString() {
    return "ChartCredentials[username="
        + username.orElse("")
        + ", password="
        + (password.isPresent() ? "***" : "")
        + ", token="
        + (token.isPresent() ? "***" : "")
        + ", caBundle="
        + caBundle.isPresent()
        + "]";
  }
}
