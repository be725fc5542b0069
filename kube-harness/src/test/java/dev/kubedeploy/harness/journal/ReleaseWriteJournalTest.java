package dev.kubedeploy.harness.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.kubedeploy.harness.KubeHarness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The journal of writes to Helm's release Secrets, attributed to the request's user. */
class ReleaseWriteJournalTest {

  private static KubeHarness harness;
  private static HttpClient client;

  @BeforeAll
  static void startHarness() {
    harness = KubeHarness.start();
    client = HttpClient.newBuilder().sslContext(harness.sslContext()).build();
  }

  @AfterAll
  static void stopHarness() {
    harness.close();
  }

  @Test
  void releaseSecretWritesAreRecordedWithTheirWriterInTheOrderTheyHappened() throws Exception {
    send(
        "alice", "POST", "/api/v1/namespaces/default/secrets", secret("web", 1, "pending-install"));
    send(
        "bob",
        "PUT",
        "/api/v1/namespaces/default/secrets/sh.helm.release.v1.web.v1",
        secret("web", 1, "deployed"));
    send("alice", "DELETE", "/api/v1/namespaces/default/secrets/sh.helm.release.v1.web.v1", null);

    var writes =
        harness.releaseWrites().writes().stream().filter(w -> w.release().equals("web")).toList();

    assertThat(writes)
        .extracting(ReleaseWrite::writer, ReleaseWrite::kind, ReleaseWrite::status)
        .containsExactly(
            tuple("alice", ReleaseWrite.Kind.CREATED, "pending-install"),
            tuple("bob", ReleaseWrite.Kind.UPDATED, "deployed"),
            tuple("alice", ReleaseWrite.Kind.DELETED, "deployed"));
    assertThat(writes.getFirst().pending()).isTrue();
    assertThat(writes).extracting(ReleaseWrite::sequence).isSorted();
  }

  @Test
  void aWriteMadeByImpersonationIsAttributedToTheSenderNotToTheImpersonatedAccount()
      throws Exception {
    send(
        "reconciler-1",
        "POST",
        "/api/v1/namespaces/default/secrets",
        secret("shop", 1, "pending-install"),
        "system:serviceaccount:default:kubedeploy-release");

    var writes =
        harness.releaseWrites().writes().stream().filter(w -> w.release().equals("shop")).toList();

    assertThat(writes).extracting(ReleaseWrite::writer).containsExactly("reconciler-1");
  }

  @Test
  void otherSecretsAreNotRecorded() throws Exception {
    var before = harness.releaseWrites().writes().size();

    send(
        "alice",
        "POST",
        "/api/v1/namespaces/default/secrets",
        "{\"metadata\":{\"name\":\"plain\"},\"data\":{}}");

    assertThat(harness.releaseWrites().writes()).hasSize(before);
  }

  private static String secret(String release, int version, String status) {
    return """
        {"metadata": {"name": "sh.helm.release.v1.%1$s.v%2$d",
          "labels": {"name": "%1$s", "owner": "helm", "status": "%3$s", "version": "%2$d"}},
         "type": "helm.sh/release.v1", "data": {}}
        """
        .formatted(release, version, status);
  }

  private static void send(String user, String method, String path, String body)
      throws IOException, InterruptedException {
    send(user, method, path, body, null);
  }

  /** As {@code user}, or as {@code impersonated} when given (as helm's --kube-as-user does). */
  private static void send(
      String user, String method, String path, String body, String impersonated)
      throws IOException, InterruptedException {
    var builder =
        HttpRequest.newBuilder(URI.create(harness.url() + path))
            .header("Authorization", "Bearer " + harness.tokenFor(user, "system:masters"))
            .header("Content-Type", "application/json");
    if (impersonated != null) {
      // in system:masters too, so that the write is allowed whatever the account's bindings
      builder
          .header("Impersonate-User", impersonated)
          .header("Impersonate-Group", "system:masters");
    }
    var request =
        builder
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    var response = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
  }
}
