package dev.kubedeploy.api.observability;

import static dev.kubedeploy.api.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.api.support.InMemoryTracingProfile;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, a request that changes a deployment stores its trace context on the reconcile
 * job it queues (in the same transaction), so that the reconciler continues the request's trace.
 */
@QuarkusTest
@TestProfile(InMemoryTracingProfile.class)
@QuarkusTestResource(PostgresTestResource.class)
class RequestTracingTest {

  @Inject InMemorySpanExporter spans;

  private String user;
  private long template;

  @BeforeEach
  void catalogAndUser() {
    user = Api.createUser(Api.unique("traced"));
    var product = Api.unique("traced");
    Api.createProduct(product);
    template = Api.createTemplateWithSchema(product);
  }

  @Test
  void aCreateStoresTheRequestSpansTraceContextOnItsJob() {
    var uid = Api.createDeployment(user, template, "traced");

    var traceparent = jobTraceparent(uid);
    assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    var request = awaitServerSpan(traceparent.substring(3, 35));
    assertThat(request.getAttributes().asMap().values())
        .anySatisfy(value -> assertThat(value.toString()).contains("/api/v1/deployments"));
    assertThat(traceparent.substring(36, 52)).isEqualTo(request.getSpanId());
  }

  @Test
  void aCallersTraceContinuesThroughTheRequestIntoTheJob() {
    var callerTrace = "0af7651916cd43dd8448eb211c80319c";

    var uid =
        Api.createDeployment(
            as(user).header("traceparent", "00-" + callerTrace + "-b7ad6b7169203331-01"),
            template,
            "called");

    assertThat(jobTraceparent(uid)).startsWith("00-" + callerTrace + "-");
    assertThat(awaitServerSpan(callerTrace).getParentSpanId()).isEqualTo("b7ad6b7169203331");
  }

  private static String jobTraceparent(String uid) {
    return (String)
        Db.sql()
            .column(
                "SELECT j.trace_parent FROM deployment_reconcile_job j"
                    + " JOIN deployment d ON d.id = j.deployment_id WHERE d.deployment_uid = ?",
                uid)
            .getFirst();
  }

  private SpanData awaitServerSpan(String traceId) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getKind() == SpanKind.SERVER)
                    .filter(span -> span.getTraceId().equals(traceId))
                    .findFirst(),
            found -> found.isPresent())
        .orElseThrow();
  }
}
