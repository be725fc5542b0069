package dev.kubedeploy.reconciler.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/**
 * The {@code release} entry of a Helm release Secret, decoded as Helm 3 and 4 decode it: the
 * Secret's bytes are the base64 text of the gzipped JSON of the release (Helm's storage driver
 * encodes once more on top of the API's own base64), and Helm reads plain JSON too when the bytes
 * are not gzipped.
 */
final class ReleaseRecord {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int GZIP_MAGIC_FIRST = 0x1f;
  private static final int GZIP_MAGIC_SECOND = 0x8b;

  private ReleaseRecord() {}

  /**
   * @param secretData the Secret's {@code data.release} as the API serves it (base64)
   * @param maxBytes the largest decompressed record read; a larger one is refused
   */
  static JsonNode decode(String secretData, int maxBytes) {
    var helmText = Base64.getMimeDecoder().decode(secretData);
    var record = Base64.getMimeDecoder().decode(helmText);
    try (var in = uncompressed(record)) {
      var bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new IllegalStateException(
            "release record larger than app.helm.data-max-bytes (" + maxBytes + ")");
      }
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable Helm release record", e);
    }
  }

  private static InputStream uncompressed(byte[] record) throws IOException {
    var in = new ByteArrayInputStream(record);
    var gzipped =
        record.length > 2
            && (record[0] & 0xff) == GZIP_MAGIC_FIRST
            && (record[1] & 0xff) == GZIP_MAGIC_SECOND;
    return gzipped ? new GZIPInputStream(in) : in;
  }
}
