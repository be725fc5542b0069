package dev.kubedeploy.model.job;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.PersistentEnumConverter;
import jakarta.persistence.Converter;

/** A reconcile job's state: queued until claimed, running under a lease, then done or dead. */
public enum JobStatus implements PersistentEnum {
  QUEUED,
  RUNNING,
  DONE,
  DEAD;

  /** Stores the enum as its lowercase value. */
  @Converter(autoApply = true)
  public static class JpaConverter extends PersistentEnumConverter<JobStatus> {
    public JpaConverter() {
      super(JobStatus.class);
    }
  }
}
