package dev.kubedeploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kubedeploy history UID}: the status changes of a deployment, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Show a deployment's status history, newest first.")
public class HistoryCommand extends ApiCommand {

  @Mixin RecentOptions recent;

  @Mixin Output output;

  @Override
  protected void run(Session session) throws Exception {
    var page = session.deployments().listDeploymentHistory(recent.uid, null, recent.limit);
    var table = new Table("CHANGED AT", "FROM", "TO", "BY", "REASON");
    for (var change : page.getItems()) {
      table.row(
          change.getChangedAt(),
          change.getOldStatus() == null ? null : change.getOldStatus().getValue(),
          change.getNewStatus() == null ? null : change.getNewStatus().getValue(),
          change.getChangedBy(),
          change.getReason());
    }
    output.print(out(), page, table);
  }
}
