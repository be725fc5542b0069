package dev.kubedeploy.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The REST API as a client sees it, with what a chaos run needs to know of every answer: whether
 * the write was acknowledged (2xx), refused (4xx: it did not happen), or its fate is unknown (5xx,
 * a timeout or a dropped connection: it may or may not have happened).
 */
final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** What became of a request. */
  enum Outcome {
    ACKNOWLEDGED,
    REFUSED,
    UNKNOWN
  }

  record Answer(Outcome outcome, int status, JsonNode body) {
    boolean acknowledged() {
      return outcome == Outcome.ACKNOWLEDGED;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;

  ApiClient(String apiUrl, String token) {
    this.baseUrl = apiUrl + "/api/v1";
    this.token = token;
  }

  Answer get(String path) {
    return send("GET", path, null, Map.of());
  }

  Answer post(String path, Object body) {
    return send("POST", path, body, Map.of());
  }

  Answer post(String path, Object body, Map<String, String> headers) {
    return send("POST", path, body, headers);
  }

  Answer patch(String path, Object body) {
    return send("PATCH", path, body, Map.of());
  }

  Answer delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  private Answer send(String method, String path, Object body, Map<String, String> headers) {
    try {
      var request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(TIMEOUT)
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      headers.forEach(request::header);
      var response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      var status = response.statusCode();
      var outcome =
          status < 300 ? Outcome.ACKNOWLEDGED : status < 500 ? Outcome.REFUSED : Outcome.UNKNOWN;
      return new Answer(outcome, status, parse(response.body()));
    } catch (IOException e) {
      return new Answer(Outcome.UNKNOWN, -1, MissingNode.getInstance());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(Outcome.UNKNOWN, -1, MissingNode.getInstance());
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? MissingNode.getInstance() : JSON.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
