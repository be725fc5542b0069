package dev.kubedeploy.reconciler.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The record of a release Secret as Helm's storage driver writes it: the JSON gzipped, as base64
 * text, which the API serves base64-encoded once more.
 */
class ReleaseRecordTest {

  private static final String RELEASE =
      """
      {"name":"web","version":3,"namespace":"shop",\
      "info":{"status":"pending-upgrade","description":"Preparing upgrade",\
      "last_deployed":"2026-11-21T06:32:14.720466982Z"},\
      "chart":{"metadata":{"name":"webapp","version":"0.2.0","appVersion":"1.28"}},\
      "manifest":"---\\nkind: ConfigMap\\n"}
      """;

  private static String asServed(byte[] helmBytes) {
    var helmText = Base64.getEncoder().encode(helmBytes);
    return Base64.getEncoder().encodeToString(helmText);
  }

  private static byte[] gzip(String text) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void aGzippedRecordIsRead() throws Exception {
    var record = ReleaseRecord.decode(asServed(gzip(RELEASE)), 1 << 20);

    assertThat(record.path("info").path("status").asText()).isEqualTo("pending-upgrade");
    assertThat(record.path("manifest").asText()).isEqualTo("---\nkind: ConfigMap\n");
    assertThat(record.path("chart").path("metadata").path("version").asText()).isEqualTo("0.2.0");
  }

  @Test
  void aPlainJsonRecordIsReadAsHelmReadsIt() {
    var record = ReleaseRecord.decode(asServed(RELEASE.getBytes(StandardCharsets.UTF_8)), 1 << 20);

    assertThat(record.path("version").asInt()).isEqualTo(3);
  }

  @Test
  void aRecordLargerThanTheLimitIsRefusedNotRead() throws Exception {
    var served = asServed(gzip(RELEASE + " ".repeat(10_000)));

    assertThatThrownBy(() -> ReleaseRecord.decode(served, 4096))
        .hasMessageContaining("app.helm.data-max-bytes");
  }
}
