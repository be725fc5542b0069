package dev.kubedeploy.model.values;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretValuesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecretFields FIELDS =
      new SecretFields(List.of(ValuePath.parse("adminPassword"), ValuePath.parse("db.password")));
  private static final SecretKeyRing RING =
      SecretKeyRing.parse(List.of("k1:" + Base64.getEncoder().encodeToString(new byte[32])));

  @Test
  void splitMasksEachGivenSecretAndRevealPutsItBack() {
    var values =
        json(
            "{\"adminPassword\": \"s3cret-admin\", \"db\": {\"host\": \"pg\", \"password\":"
                + " {\"value\": \"s3cret-db\"}}, \"title\": \"Wiki\"}");

    var split = SecretValues.split(values, FIELDS);

    assertThat(split.masked())
        .isEqualTo(
            json(
                "{\"adminPassword\": \"***\", \"db\": {\"host\": \"pg\", \"password\": \"***\"},"
                    + " \"title\": \"Wiki\"}"));
    assertThat(split.secrets().revealIn(split.masked())).isEqualTo(values);
    assertThat(split.secrets().toString()).doesNotContain("s3cret");
  }

  @Test
  void absentAndNullSecretFieldsStayAsTheyAre() {
    var values = json("{\"db\": {\"password\": null}}");

    var split = SecretValues.split(values, FIELDS);

    assertThat(split.masked()).isEqualTo(values);
    assertThat(split.secrets().isEmpty()).isTrue();
  }

  @Test
  void sealedSecretsOpenToTheSameValues() {
    var split =
        SecretValues.split(
            json("{\"adminPassword\": \"s3cret-admin\", \"db\": {\"password\": 42}}"), FIELDS);

    var sealed = split.secrets().seal(RING, "wiki-alice-4k2j9x");
    var opened = SecretValues.open(RING, sealed, "wiki-alice-4k2j9x");

    assertThat(opened.revealIn(split.masked()))
        .isEqualTo(json("{\"adminPassword\": \"s3cret-admin\", \"db\": {\"password\": 42}}"));
    assertThat(opened.at(ValuePath.parse("db.password"))).contains(json("42"));
  }

  @Test
  void textsToRedactSkipShortValues() {
    var split =
        SecretValues.split(
            json("{\"adminPassword\": \"s3cret-admin\", \"db\": {\"password\": \"ab\"}}"), FIELDS);

    assertThat(split.secrets().texts()).containsExactly("s3cret-admin");
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
