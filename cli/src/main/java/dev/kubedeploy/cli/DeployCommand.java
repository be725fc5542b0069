package dev.kubedeploy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubedeploy.client.model.ComputeResources;
import dev.kubedeploy.client.model.DeploymentCreate;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kubedeploy deploy create}: a new deployment of a template version. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = "Create deployments.",
    subcommands = DeployCommand.CreateCommand.class)
public class DeployCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a deployment of a template version (ids: kubedeploy catalog list).",
        "Retries of one create are safe: the request carries an Idempotency-Key."
      })
  static class CreateCommand extends ApiCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
        names = "--name",
        required = true,
        description = "the deployment's name: 1 to 100 letters, digits, '-' or '_'")
    String name;

    @Option(names = "--template", required = true, description = "the template version's id")
    long template;

    @Option(names = "--domain", description = "the domain name the deployment is served at")
    String domain;

    @Option(names = "--replicas", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}")
    int replicas;

    @Option(names = "--cpu", description = "CPU cores to request, e.g. 0.5")
    BigDecimal cpu;

    @Option(names = "--memory-mb", description = "memory to request, in MiB")
    Integer memoryMb;

    @Option(names = "--storage-gb", description = "storage to request, in GiB")
    Integer storageGb;

    @Option(
        names = "--values",
        description = "user values as JSON, or @FILE to read them from a JSON file")
    String values;

    @Mixin WaitOptions waiting;

    @Mixin Output output;

    @Override
    protected void run(Session session) throws Exception {
      var body =
          new DeploymentCreate()
              .name(name)
              .templateId(template)
              .domainname(domain)
              .targetReplicas(replicas)
              .userValues(values == null ? null : readValues(values))
              .resources(resources());
      var api = session.deployments();
      var deployment = api.createDeployment(body, UUID.randomUUID().toString());
      err().println("created " + deployment.getDeploymentUid());
      if (waiting.wait) {
        deployment =
            new Convergence(api, err())
                .untilApplied(deployment.getDeploymentUid(), waiting.timeout);
      }
      output.print(out(), deployment, Describe.table(deployment));
    }

    private ComputeResources resources() {
      if (cpu == null && memoryMb == null && storageGb == null) {
        return null; // the API's smallest request
      }
      return new ComputeResources().cpuCores(cpu).memoryMb(memoryMb).storageGb(storageGb);
    }

    static Object readValues(String text) throws IOException {
      var json = text.startsWith("@") ? Files.readString(Path.of(text.substring(1))) : text;
      try {
        return JSON.readValue(json, Object.class);
      } catch (JsonProcessingException e) {
        throw new CliException(ExitCode.USAGE, "--values is not JSON: " + e.getOriginalMessage());
      }
    }
  }
}
