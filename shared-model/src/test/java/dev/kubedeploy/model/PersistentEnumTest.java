package dev.kubedeploy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.model.catalog.PackageType;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.deployment.ReplicaStatus;
import dev.kubedeploy.model.job.JobStatus;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PersistentEnumTest {

  @Test
  void valuesAreTheOnesTheCheckConstraintsAllow() {
    assertThat(values(DeploymentStatus.values()))
        .containsExactly(
            "pending",
            "reconciling",
            "running",
            "degraded",
            "stopped",
            "failed",
            "deleting",
            "deleted");
    assertThat(values(ReplicaStatus.values()))
        .containsExactly("pending", "starting", "running", "stopping", "stopped", "failed");
    assertThat(values(JobStatus.values())).containsExactly("queued", "running", "done", "dead");
    assertThat(values(PackageType.values())).containsExactly("helm-chart");
  }

  @Test
  void storedValuesMapBackToTheirConstant() {
    var converter = new PackageType.JpaConverter();

    assertThat(converter.convertToEntityAttribute("helm-chart")).isEqualTo(PackageType.HELM_CHART);
    assertThat(converter.convertToDatabaseColumn(PackageType.HELM_CHART)).isEqualTo("helm-chart");
    assertThat(new DeploymentStatus.JpaConverter().convertToEntityAttribute(null)).isNull();
  }

  @Test
  void unknownValueIsRejected() {
    assertThatThrownBy(() -> PersistentEnum.fromValue(DeploymentStatus.class, "Running"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DeploymentStatus");
  }

  private static String[] values(PersistentEnum[] constants) {
    return Arrays.stream(constants).map(PersistentEnum::value).toArray(String[]::new);
  }
}
