package dev.kubedeploy.reconciler.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP server for chart repository and OCI registry tests: fixed bodies by path, and a log
 * of the paths asked for.
 */
final class StaticHttpServer implements AutoCloseable {

  /** A body with its headers. */
  record Response(byte[] body, Map<String, String> headers) {}

  private final HttpServer server;
  private final Map<String, Response> responses = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  StaticHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  void serve(String path, byte[] body, Map<String, String> headers) {
    responses.put(path, new Response(body, headers));
  }

  /** How many times a path was asked for (any method). */
  long requestsFor(String path) {
    return requests.stream().filter(path::equals).count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    var path = exchange.getRequestURI().getPath();
    requests.add(path);
    var response = responses.get(path);
    try (exchange) {
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
