package dev.kubedeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {

  @TempDir Path home;

  @Test
  void theStoredLoginIsReadableByItsOwnerOnly() throws Exception {
    var file = home.resolve(".kubedeploy/config.json");

    new CliConfig("http://127.0.0.1:8080", "secret-token").save(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(CliConfig.load(file))
        .isEqualTo(new CliConfig("http://127.0.0.1:8080", "secret-token"));
  }

  @Test
  void aSecondLoginReplacesTheFirst() throws Exception {
    var file = home.resolve("config.json");
    new CliConfig("http://a", "one").save(file);

    new CliConfig("http://b", "two").save(file);

    assertThat(CliConfig.load(file)).isEqualTo(new CliConfig("http://b", "two"));
    assertThat(Files.list(home)).containsExactly(file);
  }

  @Test
  void withoutALoginCommandsAskForOne() {
    assertThatThrownBy(() -> CliConfig.load(home.resolve("none.json")))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.NOT_LOGGED_IN))
        .hasMessageContaining("kubedeploy login");
  }

  @Test
  void kubedeployConfigNamesAnotherFile() {
    assertThat(CliConfig.file(Map.of(CliConfig.FILE_VARIABLE, "/tmp/other.json")))
        .isEqualTo(Path.of("/tmp/other.json"));
  }
}
