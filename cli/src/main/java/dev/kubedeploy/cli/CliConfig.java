package dev.kubedeploy.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the CLI talks to and as whom: what {@code kubedeploy login} stores. The file holds a bearer
 * token, so only its owner may read it (0600, in a 0700 folder).
 *
 * @param apiUrl the API's base URL, without {@code /api/v1}
 * @param token the bearer token sent with every request
 */
public record CliConfig(@JsonProperty("api_url") String apiUrl, String token) {

  /** The environment variable that names another config file (tests, several installations). */
  public static final String FILE_VARIABLE = "KUBEDEPLOY_CONFIG";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The config file: {@code $KUBEDEPLOY_CONFIG}, or {@code ~/.kubedeploy/config.json}. */
  public static Path file(Map<String, String> environment) {
    var configured = environment.get(FILE_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".kubedeploy", "config.json");
  }

  /** Reads the stored config; fails with a hint to log in when there is none. */
  public static CliConfig load(Path file) {
    if (!Files.exists(file)) {
      throw new CliException(
          ExitCode.NOT_LOGGED_IN, "not logged in (no " + file + "): run kubedeploy login first");
    }
    try {
      return JSON.readValue(file.toFile(), CliConfig.class);
    } catch (IOException e) {
      throw new CliException(ExitCode.NOT_LOGGED_IN, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Writes this config to {@code file}, readable by its owner only, replacing any earlier one. */
  public void save(Path file) throws IOException {
    var folder = file.toAbsolutePath().getParent();
    if (!Files.exists(folder)) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    // Created with 0600 before the token is written, then moved over the old file in one step.
    var temporary =
        Files.createTempFile(
            folder,
            ".config",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), this);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
