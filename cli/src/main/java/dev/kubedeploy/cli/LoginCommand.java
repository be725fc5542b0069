package dev.kubedeploy.cli;

import dev.kubedeploy.client.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Checks an API URL and token by asking the API who they belong to, then stores them. */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Store the API URL and a bearer token for the other commands.",
      "The token comes from --token, --token-file or the environment variable "
          + LoginCommand.TOKEN_VARIABLE
          + "; it is checked against the API before it is stored (0600, ~/.kubedeploy/config.json"
          + " or $"
          + CliConfig.FILE_VARIABLE
          + ")."
    })
public class LoginCommand implements Callable<Integer> {

  /** The environment variable a token is read from when no option gives one. */
  public static final String TOKEN_VARIABLE = "KUBEDEPLOY_TOKEN";

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      required = true,
      description = "the API's base URL, e.g. http://127.0.0.1:8080")
  String url;

  @ArgGroup(exclusive = true)
  TokenSource tokenSource;

  static class TokenSource {
    @Option(names = "--token", description = "the bearer token (visible in the process list)")
    String token;

    @Option(names = "--token-file", description = "a file holding the bearer token")
    Path tokenFile;
  }

  @Override
  public Integer call() throws ApiException, IOException {
    var token = token(System.getenv());
    var user = Session.open(url, token).identity().getCurrentUser();
    var config = new CliConfig(url, token);
    var file = CliConfig.file(System.getenv());
    config.save(file);
    var out = spec.commandLine().getOut();
    out.printf(
        "Logged in to %s as %s (%s%s); stored in %s%n",
        url,
        user.getUsername(),
        user.getSubject(),
        Boolean.TRUE.equals(user.getIsAdmin()) ? ", admin" : "",
        file);
    out.flush();
    return ExitCode.OK;
  }

  String token(Map<String, String> environment) throws IOException {
    String token = null;
    if (tokenSource != null && tokenSource.token != null) {
      token = tokenSource.token;
    } else if (tokenSource != null && tokenSource.tokenFile != null) {
      token = Files.readString(tokenSource.tokenFile);
    } else {
      token = environment.get(TOKEN_VARIABLE);
    }
    if (token == null || token.isBlank()) {
      throw new CliException(
          ExitCode.USAGE, "no token: give --token, --token-file or set " + TOKEN_VARIABLE);
    }
    return token.strip();
  }
}
