package dev.kubedeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.client.ApiException;
import java.net.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemMessageTest {

  @Test
  void aProblemNamesEveryFieldAtFault() {
    var body =
        """
        {"type": "urn:kubedeploy:problem:validation-failed", "title": "Validation failed",
         "status": 422, "detail": "The request has 2 invalid values.",
         "errors": [{"field": "target_replicas", "message": "must be less than or equal to 100"},
                    {"pointer": "/user_values/replicaCount", "message": "string found, integer expected"}]}
        """;

    assertThat(ProblemMessage.of(new ApiException(422, "refused", headers(), body)))
        .isEqualTo(
            """
            the API answered 422 Validation failed: The request has 2 invalid values.
              - target_replicas: must be less than or equal to 100
              - /user_values/replicaCount: string found, integer expected""");
  }

  @Test
  void anAnswerThatIsNoProblemIsShownAsItCame() {
    assertThat(
            ProblemMessage.of(
                new ApiException(502, "bad gateway", headers(), "<html>proxy</html>")))
        .isEqualTo("the API answered 502: <html>proxy</html>");
  }

  @Test
  void anUnreachableApiSaysSo() {
    var e = new ApiException(new java.net.ConnectException("Connection refused"));

    assertThat(ProblemMessage.of(e)).isEqualTo("cannot reach the API: Connection refused");
  }

  private static HttpHeaders headers() {
    return HttpHeaders.of(Map.of(), (name, value) -> true);
  }
}
