package dev.kubedeploy.harness;

import dev.kubedeploy.harness.server.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Raw HTTP against a harness, for what a typed client hides (kinds, content types, retries). */
final class HarnessHttp {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .sslContext(ServerTls.clientContext())
          .build();

  private HarnessHttp() {}

  static HttpResponse<String> get(KubeHarness harness, String target) {
    return send(request(harness, target).GET().build());
  }

  static HttpResponse<String> post(
      KubeHarness harness, String target, String contentType, byte[] body) {
    return send(
        request(harness, target)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  /** A request as the admin kubeconfig makes it: with its bearer token. */
  static HttpRequest.Builder request(KubeHarness harness, String target) {
    return HttpRequest.newBuilder(URI.create(harness.url() + target))
        .header("Authorization", "Bearer " + harness.adminToken());
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
