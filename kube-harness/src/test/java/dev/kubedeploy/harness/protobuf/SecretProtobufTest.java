package dev.kubedeploy.harness.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

public class SecretProtobufTest {

  /** A release Secret as Helm's storage driver sends it through client-go. */
  public static byte[] helmReleaseSecret(byte[] release) {
    var metadata =
        new ProtobufWriter()
            .string(1, "sh.helm.release.v1.web.v1")
            .string(3, "shop")
            .string(6, "42")
            .number(7, 3)
            .message(8, new ProtobufWriter().number(1, 1_700_000_000L))
            .entry(11, "name", "web")
            .entry(11, "owner", "helm")
            .entry(12, "note", "kept")
            .string(14, "example.com/finalizer")
            .fixed32(99, 7);
    var secret =
        new ProtobufWriter()
            .message(1, metadata)
            .message(2, new ProtobufWriter().string(1, "release").bytes(2, release))
            .string(3, "helm.sh/release.v1")
            .number(5, 1);
    var unknown =
        new ProtobufWriter()
            .message(1, new ProtobufWriter().string(1, "v1").string(2, "Secret"))
            .message(2, secret)
            .string(4, "application/vnd.kubernetes.protobuf");
    var body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {'k', '8', 's', 0});
    body.writeBytes(unknown.toByteArray());
    return body.toByteArray();
  }

  @Test
  void aHelmReleaseSecretDecodesToItsJsonForm() {
    var release = "H4sIAAAA-release-payload".getBytes(StandardCharsets.UTF_8);

    var secret = SecretProtobuf.decode(helmReleaseSecret(release));

    assertThat(secret.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(secret.path("kind").asText()).isEqualTo("Secret");
    assertThat(secret.path("type").asText()).isEqualTo("helm.sh/release.v1");
    assertThat(secret.path("immutable").asBoolean()).isTrue();
    var metadata = secret.path("metadata");
    assertThat(metadata.path("name").asText()).isEqualTo("sh.helm.release.v1.web.v1");
    assertThat(metadata.path("namespace").asText()).isEqualTo("shop");
    assertThat(metadata.path("resourceVersion").asText()).isEqualTo("42");
    assertThat(metadata.path("generation").asLong()).isEqualTo(3);
    assertThat(metadata.path("creationTimestamp").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(metadata.path("labels").toString())
        .isEqualTo("{\"name\":\"web\",\"owner\":\"helm\"}");
    assertThat(metadata.path("annotations").path("note").asText()).isEqualTo("kept");
    assertThat(metadata.path("finalizers").get(0).asText()).isEqualTo("example.com/finalizer");
    assertThat(Base64.getDecoder().decode(secret.path("data").path("release").asText()))
        .isEqualTo(release);
  }

  @Test
  void aBodyWithoutTheMagicOrCutShortIsRejected() {
    var body = helmReleaseSecret("payload".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(
            () -> SecretProtobuf.decode("{\"kind\":\"Secret\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedProtobufException.class);
    assertThatThrownBy(() -> SecretProtobuf.decode(Arrays.copyOf(body, body.length - 3)))
        .isInstanceOf(MalformedProtobufException.class);
  }
}
