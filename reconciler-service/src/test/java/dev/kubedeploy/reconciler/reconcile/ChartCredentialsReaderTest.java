package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.model.catalog.ChartSourceAuth;
import dev.kubedeploy.model.catalog.ChartSourceSecrets;
import dev.kubedeploy.model.catalog.PrivateChartSource;
import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import dev.kubedeploy.model.values.SecretKeyRing;
import dev.kubedeploy.reconciler.helm.ChartCredentials;
import dev.kubedeploy.reconciler.helm.ChartVerificationException;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The reconciler opens a template's chart source with the key ring (current and older keys) and
 * version 4's chart-source key, and only with them.
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@TestProfile(ChartCredentialsReaderTest.WithKeys.class)
class ChartCredentialsReaderTest {

  private static final String CURRENT = "2026-12:" + key(7);
  private static final String PREVIOUS = "2026-06:" + key(6);
  private static final String FORGOTTEN = "2025-12:" + key(5);
  private static final String VERSION_4_KEY = key(4);

  /** The current ring key and one earlier key, as after a rotation, and version 4's key. */
  public static class WithKeys implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "app.secrets.keys",
          CURRENT + "," + PREVIOUS,
          "app.chart-sources.encryption-key",
          VERSION_4_KEY);
    }
  }

  @Inject Fixtures fixtures;
  @Inject ChartCredentialsReader reader;

  @Test
  void aTemplateWithoutASourceReadsWithoutCredentials() {
    var template = fixtures.template(template());

    assertThat(reader.forTemplate(template)).isEqualTo(ChartCredentials.NONE);
  }

  @Test
  void aSourceSealedWithTheCurrentOrAPreviousKeyOrByVersion4Opens() {
    var current = templateWithSource(name -> sealedWith(CURRENT, "s3cr3t-now", name));
    var previous = templateWithSource(name -> sealedWith(PREVIOUS, "s3cr3t-before", name));
    var version4 = templateWithSource(name -> sealedByVersion4("s3cr3t-v4", name));

    assertThat(reader.forTemplate(current).password()).contains("s3cr3t-now");
    assertThat(reader.forTemplate(current).username()).contains("deploy");
    assertThat(reader.forTemplate(previous).password()).contains("s3cr3t-before");
    assertThat(reader.forTemplate(version4).password()).contains("s3cr3t-v4");
  }

  @Test
  void aSourceSealedWithAKeyNoLongerConfiguredFailsWithAClearReasonAndNoSecret() {
    var template = templateWithSource(name -> sealedWith(FORGOTTEN, "s3cr3t-lost", name));

    assertThatThrownBy(() -> reader.forTemplate(template))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("key '2025-12', which app.secrets.keys does not hold")
        .hasMessageNotContaining("s3cr3t");
  }

  private static String sealedWith(String ringEntry, String password, String name) {
    var ring = SecretKeyRing.parse(List.of(ringEntry));
    return new ChartSourceSecrets(ring, SecretKeyRing.empty()).seal(password, name);
  }

  /** What version 4 stored: {@code v1.<first 8 hex digits of the key's sha256>.<base64>}. */
  private static String sealedByVersion4(String password, String name) {
    var sealed =
        SecretKeyRing.namedByDigest("app.chart-sources.encryption-key", List.of(VERSION_4_KEY))
            .seal(password.getBytes(StandardCharsets.UTF_8), "chart-source:" + name);
    return "v1." + sealed.keyId() + "." + Base64.getEncoder().encodeToString(sealed.ciphertext());
  }

  private long templateWithSource(Function<String, String> sealedSecret) {
    var template = fixtures.template(template());
    var name = "src-" + UUID.randomUUID().toString().substring(0, 8);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              var source = new PrivateChartSource();
              source.name = name;
              source.auth = ChartSourceAuth.BASIC;
              source.username = "deploy";
              source.secretCiphertext = sealedSecret.apply(name);
              source.persist();
              ProductTemplateVersion.<ProductTemplateVersion>findById(template).chartSource =
                  source;
            });
    return template;
  }

  private static Fixtures.TemplateSpec template() {
    return new Fixtures.TemplateSpec(
        "https://charts.example.com/repo#web",
        "1.0.0",
        "sha256:" + "a".repeat(64),
        "{}",
        null,
        "{}",
        60);
  }

  private static String key(int fill) {
    var key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return Base64.getEncoder().encodeToString(key);
  }
}
