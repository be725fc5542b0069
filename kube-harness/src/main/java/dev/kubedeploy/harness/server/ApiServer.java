package dev.kubedeploy.harness.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kubedeploy.harness.admission.Warnings;
import dev.kubedeploy.harness.auth.Authentication;
import dev.kubedeploy.harness.auth.Authorizer;
import dev.kubedeploy.harness.auth.RequestAttributes;
import dev.kubedeploy.harness.auth.Requester;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.store.ObjectOperations;
import dev.kubedeploy.harness.store.WatchHub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The HTTP side of the harness: routes discovery, OpenAPI, health, watches and resource requests,
 * answers every response as {@code application/json} (clients otherwise try to read it as protobuf)
 * and every error as a {@code Status}. It serves the Fabric8 mock server's CRUD store in process
 * rather than through the mock's own network layer, which answers each request synchronously on one
 * event loop and so cannot hold the long-lived watch streams client-go needs.
 */
public final class ApiServer implements AutoCloseable {

  static {
    // Without TCP_NODELAY, a response written as headers then body waits on the client's delayed
    // ACK: about 40 ms per request. The JDK's server reads this once, when its first one starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ResourceHandler resources;
  private final WatchStreamer watches;
  private final Discovery discovery;
  private final OpenApi openApi = new OpenApi();
  private final RequestInterceptor interceptor;
  private final Authentication authentication;
  private final Authorizer authorizer;
  private final Consumer<String> requestLog;
  private volatile boolean running = true;

  /**
   * @param requestLog receives one line per request served, or null
   */
  public ApiServer(
      int port,
      ObjectOperations operations,
      WatchHub hub,
      RequestInterceptor interceptor,
      Authentication authentication,
      Authorizer authorizer,
      String kubernetesVersion,
      Consumer<String> requestLog) {
    try {
      var https =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
      https.setHttpsConfigurator(new HttpsConfigurator(ServerTls.serverContext()));
      server = https;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
    this.resources = new ResourceHandler(operations);
    this.watches = new WatchStreamer(operations.store(), hub, () -> running);
    this.discovery = new Discovery("127.0.0.1:" + server.getAddress().getPort(), kubernetesVersion);
    this.interceptor = interceptor;
    this.authentication = authentication;
    this.authorizer = authorizer;
    this.requestLog = requestLog;
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "https://127.0.0.1:" + port();
  }

  private void handle(HttpExchange exchange) {
    var code = 500;
    ApiRequest request = null;
    try {
      request = ApiRequest.read(exchange);
      var interception = interceptor.intercept(request.method(), request.target());
      if (!interception.delay().isZero()) {
        Thread.sleep(interception.delay());
      }
      if (interception.status() != 0) {
        code = interception.status();
        send(
            exchange,
            code,
            ApiException.status(code, reasonOf(code), "fault injected by the test harness"));
        return;
      }
      var headers = request.headers();
      var caller = authentication.identify(headers::get, headers.keySet());
      authorizer.require(
          caller.acting(), RequestAttributes.of(request.method(), request.path(), request.query()));
      Requester.set(caller);
      Warnings.start();
      code = serve(exchange, request);
    } catch (ApiException e) {
      code = e.code();
      trySend(exchange, code, e.toStatus());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client closed the connection
    } catch (RuntimeException e) {
      code = 500;
      trySend(exchange, 500, ApiException.status(500, "InternalError", "harness error: " + e));
    } finally {
      Requester.clear();
      Warnings.clear();
      exchange.close();
      if (requestLog != null && request != null) {
        requestLog.accept(request.method() + " " + request.target() + " " + code);
      }
    }
  }

  private int serve(HttpExchange exchange, ApiRequest request) throws IOException {
    var path = request.path();
    if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")) {
      var body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      return 200;
    }
    var document = discovery.document(path).or(() -> openApi.document(path));
    if (document.isPresent()) {
      requireGet(request);
      send(exchange, 200, document.get());
      return 200;
    }
    var resourcePath = ApiPath.parse(path).orElseThrow(() -> ApiException.resourceNotServed(path));
    if (request.method().equals("GET") && (resourcePath.watchPrefix() || request.flag("watch"))) {
      if (request.websocketUpgrade()) {
        // Fabric8 asks for a WebSocket first and falls back to an HTTP stream when refused with a
        // 200 (what kubectl proxy answers): the JDK's server cannot upgrade connections.
        send(exchange, 200, ApiException.status(200, "", "watches are served as HTTP streams"));
        return 200;
      }
      watches.stream(exchange, request, resourcePath);
      return 200;
    }
    var reply = resources.handle(request, resourcePath);
    send(exchange, reply.code(), reply.body());
    return reply.code();
  }

  private static void requireGet(ApiRequest request) {
    if (!request.method().equals("GET")) {
      throw new ApiException(405, "MethodNotAllowed", "discovery documents are read only");
    }
  }

  private static void send(HttpExchange exchange, int code, JsonNode body) throws IOException {
    var bytes = Json.bytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    for (var warning : Warnings.collected()) {
      exchange.getResponseHeaders().add("Warning", warning);
    }
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void trySend(HttpExchange exchange, int code, JsonNode body) {
    try {
      send(exchange, code, body);
    } catch (IOException | RuntimeException e) {
      // headers already sent or the client went away: nothing more to tell it
    }
  }

  private static String reasonOf(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> "InternalError";
    };
  }

  @Override
  public void close() {
    running = false;
    server.stop(0);
    executor.shutdownNow();
  }
}
