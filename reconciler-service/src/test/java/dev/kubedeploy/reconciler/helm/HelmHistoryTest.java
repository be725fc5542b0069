package dev.kubedeploy.reconciler.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code helm history -o json} as Helm 4.1.4 and 3.18.0 print it (captured against the test
 * harness): a release killed during an upgrade to a never-ready chart, then rolled back.
 */
class HelmHistoryTest {

  private static final String HELM_4 =
      """
      [{"revision":1,"updated":"2026-11-21T06:32:13.584625347Z","status":"superseded","chart":"webapp-0.1.0","app_version":"1.27","description":"kubedeploy generation 1 template 7 (1.0)"},{"revision":2,"updated":"2026-11-21T06:32:14.150112417Z","status":"superseded","chart":"webapp-0.2.0","app_version":"1.28","description":"Upgrade complete"},{"revision":3,"updated":"2026-11-21T06:32:14.720466982Z","status":"pending-upgrade","chart":"never-ready-0.1.0","app_version":"1.27","description":"Preparing upgrade"},{"revision":4,"updated":"2026-11-21T06:32:18.829593524Z","status":"deployed","chart":"webapp-0.2.0","app_version":"1.28","description":"Rollback to 2"}]
      """;

  private static final String HELM_3 =
      """
      [{"revision":1,"updated":"2026-11-21T06:32:19.140293179Z","status":"superseded","chart":"webapp-0.1.0","app_version":"1.27","description":"kubedeploy generation 1 template 7 (1.0)"},{"revision":2,"updated":"2026-11-21T06:32:21.326823627Z","status":"superseded","chart":"webapp-0.2.0","app_version":"1.28","description":"Upgrade complete"},{"revision":3,"updated":"2026-11-21T06:32:21.984014298Z","status":"pending-upgrade","chart":"never-ready-0.1.0","app_version":"1.27","description":"Preparing upgrade"},{"revision":4,"updated":"2026-11-21T06:32:25.992222257Z","status":"deployed","chart":"webapp-0.2.0","app_version":"1.28","description":"Rollback to 2"}]
      """;

  @ParameterizedTest
  @ValueSource(strings = {HELM_4, HELM_3})
  void bothVersionsHistoriesAreRead(String json) {
    var history = HelmCli.parseHistory(json);

    assertThat(history)
        .extracting(ReleaseRevision::revision, ReleaseRevision::status)
        .containsExactly(
            tuple(1, ReleaseStatus.SUPERSEDED),
            tuple(2, ReleaseStatus.SUPERSEDED),
            tuple(3, ReleaseStatus.PENDING_UPGRADE),
            tuple(4, ReleaseStatus.DEPLOYED));
    assertThat(history.getFirst().description())
        .isEqualTo("kubedeploy generation 1 template 7 (1.0)");
    assertThat(history.getFirst().chart()).isEqualTo("webapp-0.1.0");
    assertThat(history.getFirst().appVersion()).isEqualTo("1.27");
    assertThat(history.get(2).status().isPending()).isTrue();
  }

  @Test
  void aStatusNoVersionKnowsIsReadAsUnknown() {
    var history =
        HelmCli.parseHistory("[{\"revision\":1,\"status\":\"paused\",\"description\":\"\"}]");

    assertThat(history.getFirst().status()).isEqualTo(ReleaseStatus.UNKNOWN);
  }

  @Test
  void unreadableOutputIsAHelmFailure() {
    assertThatThrownBy(() -> HelmCli.parseHistory("REVISION\tUPDATED"))
        .isInstanceOf(HelmCommandException.class)
        .hasMessageContaining("unreadable output");
  }
}
