package dev.kubedeploy.cli;

import dev.kubedeploy.client.model.DeploymentRead;
import dev.kubedeploy.client.model.PageDeploymentRead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kubedeploy status [UID]}: one deployment, or all the caller's. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a deployment's status, or every deployment's without UID.")
public class StatusCommand extends ApiCommand {

  @Parameters(arity = "0..1", paramLabel = "UID", description = "the deployment_uid")
  String uid;

  @Mixin Output output;

  @Override
  protected void run(Session session) throws Exception {
    var api = session.deployments();
    if (uid != null) {
      var deployment = api.getDeployment(uid);
      output.print(out(), deployment, Describe.table(deployment));
      return;
    }
    var all =
        Pages.all(
            (cursor, limit) -> api.listDeployments(cursor, limit, null, null, null),
            PageDeploymentRead::getItems,
            PageDeploymentRead::getNextCursor);
    output.print(out(), all, Describe.table(all.toArray(DeploymentRead[]::new)));
  }
}
