package dev.kubedeploy.reconciler.helm;

import dev.kubedeploy.harness.server.ServerTls;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The PEM of the certificate {@code StaticHttpServer.https(ServerTls.serverContext())} presents: a
 * chart source's CA.
 */
final class HarnessCa {

  private HarnessCa() {}

  /** Credentials with no login that trust exactly the harness's certificate. */
  static ChartCredentials onlyTrust() {
    return new ChartCredentials(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(pem()));
  }

  static String pem() {
    return new String(
        Base64.getDecoder().decode(ServerTls.certificateAuthorityData()), StandardCharsets.UTF_8);
  }
}
