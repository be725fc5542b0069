package dev.kubedeploy.reconciler.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

/**
 * The files through which helm gets an OCI registry login for one call: a registry config in the
 * format {@code helm registry login} writes (Docker's {@code config.json}), and the CA bundle for
 * {@code --ca-file}. Both are created owner-only in the call's private folder, so the password is
 * never in a process's arguments or environment and no call sees another source's login.
 */
final class RegistryLogin {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RegistryLogin() {}

  /** Writes {@code registry.json} for the registry of {@code reference} into {@code folder}. */
  static Path write(String reference, ChartCredentials credentials, Path folder) {
    var registry = URI.create(reference).getRawAuthority();
    try {
      var json = JSON.writeValueAsString(Map.of("auths", Map.of(registry, entry(credentials))));
      return ownerOnly(folder.resolve("registry.json"), json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the registry login for " + registry, e);
    }
  }

  private static Map<String, String> entry(ChartCredentials credentials) {
    var pair = credentials.username().orElseThrow() + ":" + credentials.password().orElseThrow();
    return Map.of(
        "auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes the PEM bundle helm verifies the registry's certificate with. */
  static Path writeCaFile(String pem, Path folder) {
    try {
      return ownerOnly(folder.resolve("ca.pem"), pem);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CA bundle", e);
    }
  }

  private static Path ownerOnly(Path file, String content) throws IOException {
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
