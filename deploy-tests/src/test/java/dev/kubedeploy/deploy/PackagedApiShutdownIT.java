package dev.kubedeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.testsupport.ServiceProcess;
import dev.kubedeploy.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged api-service's graceful shutdown as a pod gets it: on SIGTERM readiness answers 503
 * at once while requests are still served (quarkus.shutdown.delay), so that Services and Ingresses
 * stop routing to it before it stops taking requests; then it exits by itself.
 */
class PackagedApiShutdownIT {

  private static final Duration SERVICE_DEADLINE = Duration.ofMinutes(2);

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path work;

  @Test
  void onSigtermReadinessGoesDownWhileRequestsAreStillServed() throws Exception {
    var database = TestDatabase.createDatabase("packaged_shutdown");
    var port = ServiceProcess.freePort();
    var environment = PackagedApi.environment(database, port);
    environment.put("MP_JWT_VERIFY_AUDIENCES", "kubedeploy-api");
    var base = "http://127.0.0.1:" + port;

    try (var api =
        ServiceProcess.start("api-shutdown", PackagedApi.jar(), List.of(), environment, work)) {
      api.awaitReady(base + "/q/health/ready", SERVICE_DEADLINE);

      api.terminate();

      await()
          .atMost(Duration.ofSeconds(4))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> status(base + "/q/health/ready") == 503);
      assertThat(status(base + "/q/health/live")).as("still serving").isEqualTo(200);
      api.awaitExit(Duration.ofSeconds(30));
    }
  }

  private int status(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
