package dev.kubedeploy.reconciler.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.reconciler.helm.HelmConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a release's values to a file for {@code helm --values}: values never go on the command
 * line, where other users of the host could read them and where quoting would mangle them. JSON is
 * YAML, so the file is plain JSON; it is created readable and writable by its owner only (0600),
 * since it holds secret values in clear, and deleted after use.
 */
@ApplicationScoped
public class ValuesFiles {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final HelmConfig config;

  ValuesFiles(HelmConfig config) {
    this.config = config;
  }

  public Path write(String release, long generation, ObjectNode values) throws IOException {
    var folder = Files.createDirectories(config.workDir().resolve("values"));
    var file = Files.createTempFile(folder, release + "-g" + generation + "-", ".yaml", OWNER_ONLY);
    JSON.writeValue(file.toFile(), values);
    return file;
  }
}
