package dev.kubedeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.harness.resource.Json;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Watches as client-go makes them: one JSON event per line of a chunked HTTP response. */
class WatchStreamTest {

  private static KubeHarness harness;

  @BeforeAll
  static void startHarness() {
    harness = KubeHarness.start();
  }

  @AfterAll
  static void stopHarness() {
    harness.close();
  }

  private static void configMap(String namespace, String name) {
    harness
        .client()
        .configMaps()
        .inNamespace(namespace)
        .resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private static void namespace(String name) {
    harness
        .client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** The first {@code count} lines of a watch, as type and object name. */
  private static List<String> watch(String target, int count)
      throws IOException, InterruptedException {
    var response =
        HttpClient.newBuilder()
            .sslContext(harness.sslContext())
            .build()
            .send(
                HarnessHttp.request(harness, target).build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    try (var lines = response.body()) {
      var events = new ArrayList<String>();
      var iterator = lines.iterator();
      while (events.size() < count && iterator.hasNext()) {
        var event = Json.parseObject(iterator.next());
        var object = event.path("object");
        var annotation =
            object
                .path("metadata")
                .path("annotations")
                .path("k8s.io/initial-events-end")
                .asText("");
        events.add(
            event.path("type").asText()
                + " "
                + (annotation.isEmpty()
                    ? object.path("metadata").path("name").asText()
                    : "initial-events-end"));
      }
      return events;
    }
  }

  @Test
  void aWatchFromAListsResourceVersionReplaysWhatChangedSince() throws Exception {
    namespace("replay");
    configMap("replay", "before");
    var version =
        harness
            .client()
            .configMaps()
            .inNamespace("replay")
            .list()
            .getMetadata()
            .getResourceVersion();
    configMap("replay", "after");
    harness.client().configMaps().inNamespace("replay").withName("before").delete();

    var events =
        watch("/api/v1/namespaces/replay/configmaps?watch=true&resourceVersion=" + version, 2);

    assertThat(events).containsExactly("ADDED after", "DELETED before");
  }

  @Test
  void aWatchListSendsTheCurrentObjectsThenAnInitialEventsBookmark() throws Exception {
    namespace("listing");
    configMap("listing", "one");
    configMap("listing", "two");

    var events =
        watch(
            "/api/v1/namespaces/listing/configmaps?watch=true&sendInitialEvents=true"
                + "&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
            3);

    assertThat(events).containsExactly("ADDED one", "ADDED two", "BOOKMARK initial-events-end");
  }

  @Test
  void aLabelSelectedWatchReportsObjectsLeavingTheSelectionAsDeleted() throws Exception {
    namespace("selected");
    harness
        .client()
        .configMaps()
        .inNamespace("selected")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("tagged")
                .addToLabels("tier", "front")
                .endMetadata()
                .build())
        .create();
    var version =
        harness
            .client()
            .configMaps()
            .inNamespace("selected")
            .list()
            .getMetadata()
            .getResourceVersion();
    harness
        .client()
        .configMaps()
        .inNamespace("selected")
        .withName("tagged")
        .edit(
            cm ->
                new ConfigMapBuilder(cm)
                    .editMetadata()
                    .addToLabels("tier", "back")
                    .endMetadata()
                    .build());

    var events =
        watch(
            "/api/v1/namespaces/selected/configmaps?watch=true&labelSelector=tier%20in%20(front)"
                + "&resourceVersion="
                + version,
            1);

    assertThat(events).containsExactly("DELETED tagged");
  }
}
