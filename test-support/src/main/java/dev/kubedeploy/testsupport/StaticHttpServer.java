package dev.kubedeploy.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTP(S) server for chart repository and OCI registry tests: fixed bodies and redirects by
 * path, an optional required {@code Authorization} (401 with a challenge otherwise), and a log of
 * what was asked for. Over TLS it presents the certificate it is given: the chart source tests and
 * e2e tests give the Kubernetes harness's one, valid for 127.0.0.1 and localhost.
 */
public final class StaticHttpServer implements AutoCloseable {

  /** A body with its headers. */
  public record Response(byte[] body, Map<String, String> headers) {}

  /** One request as received. */
  public record Request(String path, String authorization) {}

  private final HttpServer server;
  private final String scheme;
  private final Map<String, Response> responses = new ConcurrentHashMap<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile String requiredAuthorization;
  private volatile String challenge;

  private StaticHttpServer(HttpServer server, String scheme) {
    this.server = server;
    this.scheme = scheme;
    server.createContext("/", this::handle);
    // helm fetches blobs over parallel connections; one thread would stall TLS writes
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  /** A plain HTTP server. */
  public StaticHttpServer() throws IOException {
    this(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");
  }

  /** An HTTPS server presenting the certificate of {@code tls} (tests pass the harness's). */
  public static StaticHttpServer https(SSLContext tls) throws IOException {
    var https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new StaticHttpServer(https, "https");
  }

  public URI uri() {
    return URI.create(scheme + "://" + hostAndPort());
  }

  /** The same server under the name localhost, which is another host to a client. */
  public URI uriAsLocalhost() {
    return URI.create(scheme + "://localhost:" + server.getAddress().getPort());
  }

  public String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public void serve(String path, byte[] body, Map<String, String> headers) {
    responses.put(path, new Response(body, headers));
  }

  /** Answers {@code path} with a 302 to {@code location}. */
  public void redirect(String path, String location) {
    redirects.put(path, location);
  }

  /**
   * Refuses every request whose {@code Authorization} is not {@code authorization}, with a 401 and
   * {@code challenge} as {@code WWW-Authenticate}.
   */
  public void requireAuthorization(String authorization, String challenge) {
    this.requiredAuthorization = authorization;
    this.challenge = challenge;
  }

  /** How many times a path was asked for (any method). */
  public long requestsFor(String path) {
    return requests.stream().filter(request -> path.equals(request.path())).count();
  }

  /** Every request so far. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    var path = exchange.getRequestURI().getPath();
    var authorization = exchange.getRequestHeaders().getFirst("Authorization");
    requests.add(new Request(path, authorization));
    try (exchange) {
      var required = requiredAuthorization;
      if (required != null && !required.equals(authorization)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      var location = redirects.get(path);
      if (location != null) {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        return;
      }
      var response = responses.get(path);
      if (response == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      var head = exchange.getRequestMethod().equals("HEAD");
      exchange.getResponseHeaders().add("Content-Length", Integer.toString(response.body().length));
      exchange.sendResponseHeaders(200, head ? -1 : response.body().length);
      if (!head) {
        exchange.getResponseBody().write(response.body());
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
