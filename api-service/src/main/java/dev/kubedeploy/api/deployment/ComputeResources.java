package dev.kubedeploy.api.deployment;

import dev.kubedeploy.model.deployment.DeploymentResource;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.ArrayList;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The compute a deployment asks for; its namespace's quota is derived from it. */
public record ComputeResources(
    @NotNull
        @DecimalMin("0.5")
        @DecimalMax("32")
        @Digits(integer = 2, fraction = 3)
        @Schema(example = "1.5")
        BigDecimal cpuCores,
    @NotNull @Min(512) @Max(65536) @Schema(example = "2048") Integer memoryMb,
    @Min(0) @Max(8) @Schema(example = "0", defaultValue = "0") Integer gpuUnits,
    @NotNull @Min(1) @Max(1000) @Schema(example = "10") Integer storageGb) {

  /** What a deployment created without {@code resources} gets: the smallest allowed request. */
  static final ComputeResources MINIMUM = new ComputeResources(new BigDecimal("0.5"), 512, 0, 1);

  static ComputeResources of(DeploymentResource row) {
    return new ComputeResources(row.cpuCores, row.memoryMb, row.gpuUnits, row.storageGb);
  }

  /** Whether {@code other} asks for the same compute; 1.5 and 1.500 cores are the same. */
  boolean sameAs(ComputeResources other) {
    return cpuCores.compareTo(other.cpuCores) == 0
        && memoryMb.equals(other.memoryMb)
        && gpus() == other.gpus()
        && storageGb.equals(other.storageGb);
  }

  /** The members that differ, old and new, such as {@code memory_mb 512 -> 1024}. */
  String describeChangeTo(ComputeResources other) {
    var parts = new ArrayList<String>();
    if (cpuCores.compareTo(other.cpuCores) != 0) {
      parts.add(
          "cpu_cores "
              + cpuCores.stripTrailingZeros().toPlainString()
              + " -> "
              + other.cpuCores.stripTrailingZeros().toPlainString());
    }
    if (!memoryMb.equals(other.memoryMb)) {
      parts.add("memory_mb " + memoryMb + " -> " + other.memoryMb);
    }
    if (gpus() != other.gpus()) {
      parts.add("gpu_units " + gpus() + " -> " + other.gpus());
    }
    if (!storageGb.equals(other.storageGb)) {
      parts.add("storage_gb " + storageGb + " -> " + other.storageGb);
    }
    return String.join(", ", parts);
  }

  /** Writes this request into the deployment's resource row. */
  void copyTo(DeploymentResource row) {
    row.cpuCores = cpuCores;
    row.memoryMb = memoryMb;
    row.gpuUnits = gpus();
    row.storageGb = storageGb;
  }

  private int gpus() {
    return gpuUnits == null ? 0 : gpuUnits;
  }
}
