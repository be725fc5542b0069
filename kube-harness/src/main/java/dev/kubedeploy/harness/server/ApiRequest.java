package dev.kubedeploy.harness.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP request as the API handlers see it: method, decoded path and query, headers, body. */
public record ApiRequest(
    String method,
    String path,
    String rawQuery,
    Map<String, String> query,
    String contentType,
    boolean websocketUpgrade,
    Headers headers,
    byte[] body) {

  static ApiRequest read(HttpExchange exchange) throws IOException {
    var uri = exchange.getRequestURI();
    var body = exchange.getRequestBody().readAllBytes();
    return new ApiRequest(
        exchange.getRequestMethod(),
        uri.getPath(),
        uri.getRawQuery(),
        parseQuery(uri.getRawQuery()),
        exchange.getRequestHeaders().getFirst("Content-Type"),
        "websocket".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Upgrade")),
        exchange.getRequestHeaders(),
        body);
  }

  /** The path with its query, as a client wrote it. */
  public String target() {
    return rawQuery == null ? path : path + "?" + rawQuery;
  }

  public String param(String name) {
    return query.get(name);
  }

  public boolean flag(String name) {
    return "true".equalsIgnoreCase(query.get(name)) || "1".equals(query.get(name));
  }

  public boolean dryRun() {
    return query.containsKey("dryRun");
  }

  private static Map<String, String> parseQuery(String raw) {
    var result = new LinkedHashMap<String, String>();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (var pair : raw.split("&")) {
      var at = pair.indexOf('=');
      var key = at < 0 ? pair : pair.substring(0, at);
      var value = at < 0 ? "" : pair.substring(at + 1);
      result.put(decode(key), decode(value));
    }
    return result;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
