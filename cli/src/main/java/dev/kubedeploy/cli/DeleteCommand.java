package dev.kubedeploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kubedeploy delete UID}: uninstalls the release; the history stays. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = "Delete a deployment: its release is uninstalled, its history kept.")
public class DeleteCommand extends ApiCommand {

  @Parameters(paramLabel = "UID", description = "the deployment_uid")
  String uid;

  @Mixin WaitOptions waiting;

  @Mixin Output output;

  @Override
  protected void run(Session session) throws Exception {
    var api = session.deployments();
    var deployment = api.deleteDeployment(uid, null);
    if (waiting.wait) {
      deployment = new Convergence(api, err()).untilDeleted(uid, waiting.timeout);
    }
    output.print(out(), deployment, Describe.table(deployment));
  }
}
