package dev.kubedeploy.harness.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.FieldSelector;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.LabelSelector;
import dev.kubedeploy.harness.resource.ResourceType;
import dev.kubedeploy.harness.store.ObjectStore;
import dev.kubedeploy.harness.store.WatchEvent;
import dev.kubedeploy.harness.store.WatchFilter;
import dev.kubedeploy.harness.store.WatchHub;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code ?watch=true} as client-go expects it: a chunked HTTP response with one JSON event
 * per line, kept open until {@code timeoutSeconds}. It honours {@code resourceVersion} (replaying
 * what changed since), {@code sendInitialEvents} with its closing bookmark, and {@code
 * allowWatchBookmarks}. The mock server's own watches are WebSocket only, which client-go never
 * uses; Fabric8 falls back to this HTTP form when its WebSocket upgrade gets a 200.
 */
final class WatchStreamer {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration BOOKMARK_EVERY = Duration.ofSeconds(10);
  private static final long DEFAULT_TIMEOUT_SECONDS = 1800;

  private final ObjectStore store;
  private final WatchHub hub;
  private final BooleanSupplier running;

  WatchStreamer(ObjectStore store, WatchHub hub, BooleanSupplier running) {
    this.store = store;
    this.hub = hub;
    this.running = running;
  }

  void stream(HttpExchange exchange, ApiRequest request, ApiPath path) throws IOException {
    var type = path.type();
    var fields = FieldSelector.parse(request.param("fieldSelector"));
    if (path.name() != null) {
      fields =
          FieldSelector.parse(
              joinSelectors(request.param("fieldSelector"), "metadata.name=" + path.name()));
    }
    var filter =
        new WatchFilter(
            type, path.namespace(), LabelSelector.parse(request.param("labelSelector")), fields);
    var requested = request.param("resourceVersion");
    var fromNow = requested == null || requested.isEmpty() || requested.equals("0");
    var initialEvents = request.flag("sendInitialEvents");
    var bookmarks = request.flag("allowWatchBookmarks");
    var deadline = Instant.now().plusSeconds(timeoutSeconds(request));

    var initial = new ArrayList<ObjectNode>();
    long since;
    if (fromNow || initialEvents) {
      var listing = store.list(type, path.namespace());
      listing.items().stream().filter(filter::matches).forEach(initial::add);
      since = Long.parseLong(listing.resourceVersion());
    } else {
      since = parseVersion(requested);
    }

    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache, private");
    exchange.sendResponseHeaders(200, 0);
    try (var out = exchange.getResponseBody()) {
      WatchHub.Subscription subscription;
      try {
        subscription = hub.subscribe(filter, since);
      } catch (WatchHub.ExpiredException e) {
        write(
            out,
            new WatchEvent("ERROR", new ApiException(410, "Expired", e.getMessage()).toStatus()));
        return;
      }
      try (subscription) {
        for (var object : initial) {
          write(out, new WatchEvent("ADDED", object));
        }
        var lastVersion = since;
        if (initialEvents) {
          write(out, bookmark(type, lastVersion, true));
        }
        var lastWrite = Instant.now();
        while (running.getAsBoolean()
            && !subscription.isClosed()
            && Instant.now().isBefore(deadline)) {
          var event = subscription.next(POLL);
          if (event != null) {
            write(out, event);
            lastVersion = Math.max(lastVersion, versionOf(event.object(), lastVersion));
            lastWrite = Instant.now();
          } else if (bookmarks && Instant.now().isAfter(lastWrite.plus(BOOKMARK_EVERY))) {
            write(out, bookmark(type, lastVersion, false));
            lastWrite = Instant.now();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } catch (IOException e) {
      // the client went away: its watch is over
    }
  }

  private static WatchEvent bookmark(
      ResourceType type, long resourceVersion, boolean initialEventsEnd) {
    var object = Json.object();
    object.put("kind", type.kind());
    object.put("apiVersion", type.apiVersion());
    var metadata = object.putObject("metadata");
    metadata.put("resourceVersion", Long.toString(resourceVersion));
    if (initialEventsEnd) {
      metadata.putObject("annotations").put("k8s.io/initial-events-end", "true");
    }
    return new WatchEvent("BOOKMARK", object);
  }

  private static void write(OutputStream out, WatchEvent event) throws IOException {
    out.write(Json.bytes(event.toJson()));
    out.write('\n');
    out.flush();
  }

  private static long versionOf(ObjectNode object, long fallback) {
    try {
      return Long.parseLong(Json.text(object, "metadata", "resourceVersion"));
    } catch (NumberFormatException | NullPointerException e) {
      return fallback;
    }
  }

  private static long parseVersion(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ApiException(400, "BadRequest", "invalid resource version: " + text);
    }
  }

  private static long timeoutSeconds(ApiRequest request) {
    var text = request.param("timeoutSeconds");
    if (text == null || text.isEmpty()) {
      return DEFAULT_TIMEOUT_SECONDS;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ApiException(400, "BadRequest", "invalid timeoutSeconds: " + text);
    }
  }

  private static String joinSelectors(String first, String second) {
    return first == null || first.isBlank() ? second : first + "," + second;
  }
}
