package dev.kubedeploy.cli;

import dev.kubedeploy.client.ApiClient;
import dev.kubedeploy.client.api.CatalogApi;
import dev.kubedeploy.client.api.DeploymentsApi;
import dev.kubedeploy.client.api.IdentityApi;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/** The generated client's APIs, pointed at one API URL with one bearer token. */
public final class Session {

  /** How long one request may take: the API answers in milliseconds unless something is wrong. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final ApiClient client;

  private Session(ApiClient client) {
    this.client = client;
  }

  /** A session for the stored login. */
  public static Session of(CliConfig config) {
    return open(config.apiUrl(), config.token());
  }

  /** A session for {@code apiUrl} (the API's base, without {@code /api/v1}) as {@code token}. */
  public static Session open(String apiUrl, String token) {
    var uri = apiUri(apiUrl);
    var client = new ApiClient();
    client.updateBaseUri(uri.toString());
    client.setConnectTimeout(REQUEST_TIMEOUT);
    client.setReadTimeout(REQUEST_TIMEOUT);
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    return new Session(client);
  }

  private static URI apiUri(String apiUrl) {
    try {
      var uri = new URI(apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, as every other URL the CLI cannot use
    }
    throw new CliException(ExitCode.USAGE, "not an API URL: " + apiUrl);
  }

  public DeploymentsApi deployments() {
    return new DeploymentsApi(client);
  }

  public CatalogApi catalog() {
    return new CatalogApi(client);
  }

  public IdentityApi identity() {
    return new IdentityApi(client);
  }
}
