package dev.kubedeploy.harness.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.harness.admission.PodSecurityStandards.Level;
import dev.kubedeploy.harness.resource.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each control of the Pod Security Standards, on the smallest pod that breaks it. */
class PodSecurityStandardsTest {

  private static final String RESTRICTED_CONTAINER =
      "\"name\":\"app\",\"securityContext\":{\"allowPrivilegeEscalation\":false,"
          + "\"capabilities\":{\"drop\":[\"ALL\"]}}";
  private static final String RESTRICTED_POD =
      "\"securityContext\":{\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}}";

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "BASELINE|hostProcess|{\"securityContext\":{\"windowsOptions\":{\"hostProcess\":true}},\"containers\":[{\"name\":\"app\"}]}",
        "BASELINE|host namespaces|{\"hostIPC\":true,\"containers\":[{\"name\":\"app\"}]}",
        "BASELINE|forbidden AppArmor profile|{\"securityContext\":{\"appArmorProfile\":{\"type\":\"Unconfined\"}},\"containers\":[{\"name\":\"app\"}]}",
        "BASELINE|seLinuxOptions|{\"containers\":[{\"name\":\"app\",\"securityContext\":{\"seLinuxOptions\":{\"type\":\"spc_t\"}}}]}",
        "BASELINE|procMount|{\"containers\":[{\"name\":\"app\",\"securityContext\":{\"procMount\":\"Unmasked\"}}]}",
        "BASELINE|seccompProfile|{\"securityContext\":{\"seccompProfile\":{\"type\":\"Unconfined\"}},\"containers\":[{\"name\":\"app\"}]}",
        "BASELINE|forbidden sysctls|{\"securityContext\":{\"sysctls\":[{\"name\":\"kernel.msgmax\",\"value\":\"1\"}]},\"containers\":[{\"name\":\"app\"}]}",
        "RESTRICTED|restricted volume types|{"
            + "\"securityContext\":{\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}}"
            + ",\"volumes\":[{\"name\":\"shared\",\"nfs\":{\"server\":\"x\",\"path\":\"/\"}}],\"containers\":[{\"name\":\"app\",\"securityContext\":{\"allowPrivilegeEscalation\":false,\"capabilities\":{\"drop\":[\"ALL\"]}}}]}",
        "RESTRICTED|runAsUser=0|{\"securityContext\":{\"runAsNonRoot\":true,\"runAsUser\":0,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},\"containers\":[{\"name\":\"app\",\"securityContext\":{\"allowPrivilegeEscalation\":false,\"capabilities\":{\"drop\":[\"ALL\"]}}}]}",
        "RESTRICTED|unrestricted capabilities|{\"securityContext\":{\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},\"containers\":[{\"name\":\"app\",\"securityContext\":{\"allowPrivilegeEscalation\":false,\"capabilities\":{\"drop\":[\"ALL\"],\"add\":[\"CHOWN\"]}}}]}",
      })
  void eachControlIsTheOnlyViolationOfAPodThatBreaksOnlyIt(
      Level level, String reason, String spec) {
    var violations = PodSecurityStandards.violations(level, Json.object(), Json.parseObject(spec));

    assertThat(violations).containsOnlyKeys(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "safe sysctl and allowed volumes|{"
            + RESTRICTED_POD
            + ",\"volumes\":[{\"name\":\"c\",\"configMap\":{\"name\":\"c\"}},{\"name\":\"e\",\"emptyDir\":{}}],\"containers\":[{"
            + RESTRICTED_CONTAINER
            + "}]}",
        "localhost seccomp per container|{\"securityContext\":{\"runAsNonRoot\":true},\"containers\":[{\"name\":\"app\",\"securityContext\":{\"allowPrivilegeEscalation\":false,\"capabilities\":{\"drop\":[\"ALL\"],\"add\":[\"NET_BIND_SERVICE\"]},\"seccompProfile\":{\"type\":\"Localhost\",\"localhostProfile\":\"p.json\"}}}]}",
      })
  void podsMeetingTheRestrictedStandardHaveNoViolation(String description, String spec) {
    assertThat(
            PodSecurityStandards.violations(
                Level.RESTRICTED, Json.object(), Json.parseObject(spec)))
        .isEmpty();
  }
}
