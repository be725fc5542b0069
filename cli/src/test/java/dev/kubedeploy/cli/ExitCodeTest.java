package dev.kubedeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The exit codes docs/cli.md promises, for the failures that need no running API. */
class ExitCodeTest {

  private final StringWriter err = new StringWriter();

  @Test
  void aWrongCommandLineExitsWithTwo() {
    assertThat(run("scale", "only-a-uid")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("Missing required parameter: 'REPLICAS'");
  }

  @Test
  void anUnreachableApiExitsWithOneAndSaysWhy() {
    // Port 1 on the loopback: nothing listens there, the connection is refused at once.
    assertThat(run("login", "--url", "http://127.0.0.1:1", "--token", "t"))
        .isEqualTo(ExitCode.API_ERROR);
    assertThat(err.toString()).startsWith("error: cannot reach the API");
  }

  @Test
  void loginWithoutAUrlThatParsesExitsWithTwo() {
    assertThat(run("login", "--url", "not a url", "--token", "t")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("not an API URL");
  }

  private int run(String... args) {
    var cli = KubedeployCommand.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }
}
