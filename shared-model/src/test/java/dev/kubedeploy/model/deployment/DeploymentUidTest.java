package dev.kubedeploy.model.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeploymentUidTest {

  private static final String ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_. @'ÆØÅéü漢字🚀";

  @Test
  void randomNamesAlwaysGiveValidLabelsThatFitAHelmReleaseName() {
    var random = new Random(42);
    for (var i = 0; i < 10_000; i++) {
      var uid = DeploymentUid.generate(randomText(random), randomText(random));

      assertThat(uid).matches(DeploymentUid.DNS_LABEL).hasSizeLessThanOrEqualTo(53);
      assertThat(DeploymentUid.isDnsLabel(uid)).isTrue();
    }
  }

  @Test
  void uidsForTheSameNamesDoNotCollideInPractice() {
    var seen = new HashSet<String>();
    for (var i = 0; i < 20_000; i++) {
      seen.add(DeploymentUid.generate("web-shop", "alice"));
    }
    // 36^6 suffixes: 20,000 draws expect 0.09 collisions (birthday bound), and 4 or more happen
    // with a probability of about 3e-6; a weaker suffix (36^4 say) would give about 119.
    assertThat(seen).hasSizeGreaterThanOrEqualTo(20_000 - 3);
  }

  @Test
  void slugsKeepLettersAndDigitsAndCollapseTheRest() {
    assertThat(DeploymentUid.prefix("Web Shop", "Bob  Smith")).isEqualTo("web-shop-bob-smith");
    assertThat(DeploymentUid.prefix("--web--", "__x__")).isEqualTo("web-x");
  }

  @Test
  void emptySlugsFallBack() {
    assertThat(DeploymentUid.prefix("漢字", "ÆØÅ")).isEqualTo("p-u");
    assertThat(DeploymentUid.prefix("", "")).isEqualTo("p-u");
  }

  @Test
  void longSlugsAreShortenedWithoutATrailingHyphen() {
    var prefix = DeploymentUid.prefix("a".repeat(21) + "-b" + "c".repeat(40), "user");

    assertThat(prefix).isEqualTo("a".repeat(21) + "-user");
  }

  @Test
  void uidEndsInASixCharacterBase36Suffix() {
    assertThat(DeploymentUid.generate("shop", "ann")).matches("shop-ann-[0-9a-z]{6}");
  }

  @Test
  void labelRuleRejectsWhatKubernetesRejects() {
    assertThat(DeploymentUid.isDnsLabel("-a")).isFalse();
    assertThat(DeploymentUid.isDnsLabel("a-")).isFalse();
    assertThat(DeploymentUid.isDnsLabel("A")).isFalse();
    assertThat(DeploymentUid.isDnsLabel("a".repeat(64))).isFalse();
    assertThat(DeploymentUid.isDnsLabel(null)).isFalse();
    assertThat(DeploymentUid.isDnsLabel("a".repeat(63))).isTrue();
  }

  private static String randomText(Random random) {
    var length = random.nextInt(80);
    var text = new StringBuilder();
    for (var i = 0; i < length; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }
}
