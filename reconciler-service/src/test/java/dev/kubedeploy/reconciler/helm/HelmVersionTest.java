package dev.kubedeploy.reconciler.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HelmVersionTest {

  @Test
  void readsWhatHelmVersionPrints() {
    assertThat(HelmVersion.parse("v4.1.4")).isEqualTo(new HelmVersion(4, 1, 4));
    assertThat(HelmVersion.parse("v3.18.0\n")).isEqualTo(new HelmVersion(3, 18, 0));
    assertThat(HelmVersion.parse("v3.19.0-rc.1")).isEqualTo(new HelmVersion(3, 19, 0));
  }

  @Test
  void helm4UsesTheNewFlagsAndHelm3TheOldOnes() {
    assertThat(HelmVersion.parse("v4.1.4").isHelm4OrLater()).isTrue();
    assertThat(HelmVersion.parse("v3.18.0").isHelm4OrLater()).isFalse();
  }

  @Test
  void helmOlderThan317IsNotSupported() {
    assertThat(HelmVersion.parse("v3.16.4").isSupported()).isFalse();
    assertThat(HelmVersion.parse("v3.17.0").isSupported()).isTrue();
    assertThat(HelmVersion.parse("v4.0.0").isSupported()).isTrue();
  }

  @Test
  void somethingElseIsRefused() {
    assertThatThrownBy(() -> HelmVersion.parse("<no value>"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
