package dev.kubedeploy.harness.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quantities as the Kubernetes documentation ("Resource units in Kubernetes") defines them. */
class QuantityTest {

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource({
    "100m, 400m, 500m",
    "500m, 500m, 1",
    "0.5, 250m, 750m",
    "64Mi, 64Mi, 128Mi",
    "512Mi, 512Mi, 1Gi",
    "1Gi, 512Mi, 1536Mi",
    "1k, 1k, 2k",
    "1M, 500k, 1500k",
    "1G, 1G, 2G",
    "1e3, 0, 1k",
    "1, 1, 2",
    "1Ki, 0, 1Ki",
    "129M, 0, 129M",
  })
  void sumsAreExactAndPrintedInTheCanonicalForm(String left, String right, String sum) {
    assertThat(Quantity.parse(left).plus(Quantity.parse(right)).toString()).isEqualTo(sum);
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({"999m, 1", "128974848, 129M", "1Gi, 1100M", "0.1, 101m", "123Mi, 129M"})
  void quantitiesCompareByValueWhateverTheirSuffixes(String smaller, String larger) {
    assertThat(Quantity.parse(smaller)).isLessThan(Quantity.parse(larger));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({"1000m, 1", "1024Mi, 1Gi", "1e3, 1k", "0.5Gi, 512Mi"})
  void differentSpellingsOfOneValueAreEqual(String one, String other) {
    assertThat(Quantity.parse(one)).isEqualTo(Quantity.parse(other));
  }

  @ParameterizedTest
  @CsvSource({"ten", "1Xi", "''"})
  void textThatIsNoQuantityIsRefused(String text) {
    assertThatThrownBy(() -> Quantity.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
