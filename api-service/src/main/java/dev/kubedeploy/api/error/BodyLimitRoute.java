package dev.kubedeploy.api.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared body is larger than {@code quarkus.http.limits.max-body-size}
 * with 413 and a problem document. Quarkus's own check answers with an empty body; this route runs
 * just before it (Quarkus registers its check at order -2).
 */
@ApplicationScoped
public class BodyLimitRoute {

  private static final int BEFORE_QUARKUS_LIMIT_CHECK = -3;

  void register(
      @Observes Router router,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
      ObjectMapper json)
      throws JsonProcessingException {
    var maxBytes = limit.asLongValue();
    var body =
        json.writeValueAsString(
            new Problem(
                Problem.type("payload-too-large"),
                "Payload too large",
                413,
                "The request body is larger than " + maxBytes + " bytes.",
                List.of()));
    router
        .route()
        .order(BEFORE_QUARKUS_LIMIT_CHECK)
        .handler(
            context -> {
              if (declaredLength(context.request().getHeader(HttpHeaders.CONTENT_LENGTH))
                  > maxBytes) {
                context
                    .response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(body);
              } else {
                context.next();
              }
            });
  }

  private static long declaredLength(String header) {
    try {
      return header == null ? -1 : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
