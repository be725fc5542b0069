package dev.kubedeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChartLintTest {

  static List<Helm> supportedHelms() {
    return Helm.supported();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("supportedHelms")
  void chartLintsStrictlyWithTheValuesAnInstallationNeeds(Helm helm) {
    assertLintsStrictly(helm, "ci/test-values.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("supportedHelms")
  void chartLintsStrictlyWithEveryOptionalObjectEnabled(Helm helm) {
    assertLintsStrictly(helm, "ci/test-values.yaml", "ci/all-options-values.yaml");
  }

  private static void assertLintsStrictly(Helm helm, String... valuesFiles) {
    var command = new ArrayList<>(List.of("lint", "--strict", Repository.chart().toString()));
    for (var file : valuesFiles) {
      command.addAll(List.of("-f", Repository.chart().resolve(file).toString()));
    }
    var result = helm.run(command);

    assertThat(result.succeeded()).as(result.output()).isTrue();
    assertThat(result.stdout()).contains("0 chart(s) failed");
  }

  @Test
  void installWithoutDatabaseAndTokenSettingsFailsNamingEachMissingValue() {
    var result = RenderedChart.values().withoutTestValues().template();

    assertThat(result.succeeded()).isFalse();
    assertThat(result.stderr())
        .contains("database.url (or database.existingSecret)")
        .contains("api.jwt.issuer")
        .contains("api.jwt.publicKey, api.jwt.existingSecret or api.jwt.publicKeyLocation");
  }

  @Test
  void existingSecretsAndAKeyUrlAreEnoughToInstall() {
    var chart =
        RenderedChart.values()
            .withoutTestValues()
            .set("database.existingSecret", "pg-app")
            .set("api.jwt.issuer", "https://issuer.example.com")
            .set("api.jwt.audience", "kubedeploy-api")
            .set("api.jwt.publicKeyLocation", "https://issuer.example.com/jwks")
            .render();

    assertThat(chart.all("Deployment")).hasSize(2);
  }
}
