package dev.kubedeploy.reconciler.helm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The digests the platform pins charts by, written {@code sha256:} and 64 hex digits as in {@code
 * chart_digest}.
 */
public final class ChartDigests {

  private static final String PREFIX = "sha256:";

  private ChartDigests() {}

  /** The sha256 of a file's bytes: an archive as published. */
  public static String ofFile(Path file) {
    try (var in = Files.newInputStream(file)) {
      return PREFIX + hex(sha256(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * The digest of a chart folder, which has no published archive (packaging is not byte-stable):
   * the sha256 of the listing {@code sha256sum} prints for its regular files in byte order of their
   * paths. The same as {@code (cd DIR && find . -type f -print0 | LC_ALL=C sort -z | xargs -0
   * sha256sum) | sha256sum}.
   */
  public static String ofFolder(Path folder) {
    try (var walk = Files.walk(folder)) {
      var listing = new StringBuilder();
      var files =
          walk.filter(Files::isRegularFile)
              .map(file -> "./" + folder.relativize(file).toString().replace('\\', '/'))
              .sorted(
                  (a, b) ->
                      Arrays.compareUnsigned(
                          a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)))
              .toList();
      for (var name : files) {
        var digest = ofFile(folder.resolve(name.substring(2))).substring(PREFIX.length());
        listing.append(digest).append("  ").append(name).append('\n');
      }
      return ofText(listing.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read chart folder " + folder, e);
    }
  }

  /** The sha256 of a text's UTF-8 bytes. */
  static String ofText(String text) {
    try {
      return PREFIX + hex(sha256(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code sha256:<hex>} for a bare hex digest as chart repository indexes write it. */
  public static String normalize(String digest) {
    var lower = digest.strip().toLowerCase(Locale.ROOT);
    return lower.startsWith(PREFIX) ? lower : PREFIX + lower;
  }

  /** Throws when {@code actual} is not {@code expected}; both may omit the prefix. */
  public static void verify(String what, String expected, String actual) {
    if (!normalize(expected).equals(normalize(actual))) {
      throw new ChartVerificationException(
          "chart digest mismatch for "
              + what
              + ": chart_digest is "
              + normalize(expected)
              + " but the chart has "
              + normalize(actual));
    }
  }

  private static byte[] sha256(InputStream in) throws IOException {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      var buffer = new byte[65536];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
