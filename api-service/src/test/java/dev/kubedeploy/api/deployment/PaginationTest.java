package dev.kubedeploy.api.deployment;

import static dev.kubedeploy.api.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Keyset pages: stable under concurrent inserts, bounded, with an opaque cursor. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class PaginationTest {

  @Test
  void pagingWhileRowsAreInsertedSkipsNoExistingRowAndRepeatsNone() throws Exception {
    var user = Api.createUser(Api.unique("pager"));
    var product = Api.unique("paged");
    Api.createProduct(product);
    var template = Api.createTemplate(product, Map.of());
    var existing = new ArrayList<String>();
    for (var i = 0; i < 23; i++) {
      existing.add(Api.createDeployment(user, template, "existing-" + i));
    }
    var inserting = new AtomicBoolean(true);
    var inserted = new AtomicInteger();
    var writer =
        CompletableFuture.runAsync(
            () -> {
              while (inserting.get()) {
                Api.createDeployment(user, template, "concurrent-" + inserted.incrementAndGet());
              }
            });

    var seen = new ArrayList<String>();
    String cursor = null;
    var pages = 0;
    do {
      var request = as(user).queryParam("limit", 5).queryParam("product", product);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      var page = request.get("/api/v1/deployments").then().statusCode(200).extract().jsonPath();
      List<String> uids = page.getList("items.deployment_uid", String.class);
      assertThat(uids).hasSizeLessThanOrEqualTo(5);
      seen.addAll(uids);
      cursor = page.getString("next_cursor");
      pages++;
      if (pages == 2) {
        // make sure rows arrive while the client is between pages
        var target = inserted.get() + 3;
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> inserted.get() >= target || writer.isDone());
      }
    } while (cursor != null);
    inserting.set(false);
    writer.get();

    assertThat(seen).doesNotHaveDuplicates().containsAll(existing);
    assertThat(inserted.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theLastPageHasNoCursorAndPagesAreNewestFirst() {
    var user = Api.createUser(Api.unique("pager"));
    var product = Api.unique("short");
    Api.createProduct(product);
    var template = Api.createTemplate(product, Map.of());
    var first = Api.createDeployment(user, template, "first");
    var second = Api.createDeployment(user, template, "second");

    var page1 =
        as(user)
            .queryParam("limit", 1)
            .get("/api/v1/deployments")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    var page2 =
        as(user)
            .queryParam("limit", 1)
            .queryParam("cursor", page1.getString("next_cursor"))
            .get("/api/v1/deployments")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(page1.getList("items.deployment_uid")).containsExactly(second);
    assertThat(page2.getList("items.deployment_uid")).containsExactly(first);
    assertThat(page2.getString("next_cursor")).isNull();
  }
}
