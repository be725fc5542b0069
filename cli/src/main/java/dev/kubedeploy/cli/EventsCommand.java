package dev.kubedeploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kubedeploy events UID}: the platform's and the cluster's events, newest first. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Show a deployment's recent events (platform and cluster), newest first.")
public class EventsCommand extends ApiCommand {

  @Mixin RecentOptions recent;

  @Mixin Output output;

  @Override
  protected void run(Session session) throws Exception {
    var page = session.deployments().listDeploymentEvents(recent.uid, null, recent.limit);
    var table = new Table("TIME", "SOURCE", "TYPE", "REASON", "COUNT", "MESSAGE");
    for (var event : page.getItems()) {
      table.row(
          event.getTime(),
          event.getSource() == null ? null : event.getSource().getValue(),
          event.getType() == null ? null : event.getType().getValue(),
          event.getReason(),
          event.getCount(),
          event.getMessage());
    }
    output.print(out(), page, table);
  }
}
