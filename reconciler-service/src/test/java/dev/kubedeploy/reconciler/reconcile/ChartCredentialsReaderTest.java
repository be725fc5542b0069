package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.model.catalog.ChartSourceAuth;
import dev.kubedeploy.model.catalog.ChartSourceCipher;
import dev.kubedeploy.model.catalog.PrivateChartSource;
import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import dev.kubedeploy.reconciler.helm.ChartCredentials;
import dev.kubedeploy.reconciler.helm.ChartVerificationException;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The reconciler opens a template's chart source with the configured keys, and only with them. */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@TestProfile(ChartCredentialsReaderTest.WithKeys.class)
class ChartCredentialsReaderTest {

  private static final byte[] CURRENT = key(7);
  private static final byte[] PREVIOUS = key(6);
  private static final byte[] FORGOTTEN = key(5);

  /** The current key and one earlier key, as after a rotation. */
  public static class WithKeys implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "app.chart-sources.encryption-key", Base64.getEncoder().encodeToString(CURRENT),
          "app.chart-sources.previous-encryption-keys",
              Base64.getEncoder().encodeToString(PREVIOUS));
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
  void aSourceSealedWithTheCurrentOrAPreviousKeyOpens() {
    var current = templateWithSource(CURRENT, "s3cr3t-now");
    var previous = templateWithSource(PREVIOUS, "s3cr3t-before");

    assertThat(reader.forTemplate(current).password()).contains("s3cr3t-now");
    assertThat(reader.forTemplate(current).username()).contains("deploy");
    assertThat(reader.forTemplate(previous).password()).contains("s3cr3t-before");
  }

  @Test
  void aSourceSealedWithAKeyNoLongerConfiguredFailsWithAClearReasonAndNoSecret() {
    var template = templateWithSource(FORGOTTEN, "s3cr3t-lost");

    assertThatThrownBy(() -> reader.forTemplate(template))
        .isInstanceOf(ChartVerificationException.class)
        .hasMessageContaining("neither app.chart-sources.encryption-key nor one of the previous")
        .hasMessageNotContaining("s3cr3t");
  }

  private long templateWithSource(byte[] key, String password) {
    var template = fixtures.template(template());
    var name = "src-" + UUID.randomUUID().toString().substring(0, 8);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              var source = new PrivateChartSource();
              source.name = name;
              source.auth = ChartSourceAuth.BASIC;
              source.username = "deploy";
              source.secretCiphertext =
                  ChartSourceCipher.ofKeys(key, List.of()).encrypt(password, name);
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

  private static byte[] key(int fill) {
    var key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }
}
