package dev.kubedeploy.cli;

import dev.kubedeploy.client.model.DeploymentScale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kubedeploy scale UID REPLICAS}: 0 stops the deployment. */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = "Set a deployment's replica count; 0 stops it.")
public class ScaleCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "UID", description = "the deployment_uid")
  String uid;

  @Parameters(index = "1", paramLabel = "REPLICAS", description = "the replica count")
  int replicas;

  @Mixin WaitOptions waiting;

  @Mixin Output output;

  @Override
  protected void run(Session session) throws Exception {
    var api = session.deployments();
    var deployment = api.scaleDeployment(uid, new DeploymentScale().targetReplicas(replicas), null);
    if (waiting.wait) {
      deployment = new Convergence(api, err()).untilApplied(uid, waiting.timeout);
    }
    output.print(out(), deployment, Describe.table(deployment));
  }
}
