package dev.kubedeploy.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a harness until the process is killed: the local run's cluster when none is configured.
 *
 * <pre>
 * KubeHarnessMain --kubeconfig PATH [--port N] [--pod-start-delay-ms N] [--log-requests]
 *                 [--kubeconfig-for USER[,GROUP...]=PATH]...
 * </pre>
 *
 * It writes the admin kubeconfig to PATH, a kubeconfig acting as USER (with GROUPs) to each {@code
 * --kubeconfig-for} PATH, and prints the API server's URL on one line of stdout.
 */
public final class KubeHarnessMain {

  private KubeHarnessMain() {}

  public static void main(String[] args) throws InterruptedException {
    var options = HarnessOptions.defaults();
    Path kubeconfig = null;
    var identities = new ArrayList<String>();
    for (var i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--kubeconfig" -> kubeconfig = Path.of(value(args, ++i));
        case "--port" -> options = options.withPort(Integer.parseInt(value(args, ++i)));
        case "--pod-start-delay-ms" ->
            options =
                options.withPodStartDelay(Duration.ofMillis(Long.parseLong(value(args, ++i))));
        case "--log-requests" -> options = options.withRequestLog(System.err::println);
        case "--kubeconfig-for" -> identities.add(value(args, ++i));
        case "--help", "-h" -> {
          usage();
          return;
        }
        default -> {
          System.err.println("unknown argument: " + args[i]);
          usage();
          System.exit(2);
        }
      }
    }
    if (kubeconfig == null) {
      usage();
      System.exit(2);
    }
    var harness = KubeHarness.start(options.withKubeconfig(kubeconfig));
    for (var identity : identities) {
      writeKubeconfigFor(harness, identity);
    }
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  harness.close();
                  stopped.countDown();
                }));
    System.out.println(harness.url());
    System.out.flush();
    stopped.await();
  }

  /** {@code USER[,GROUP...]=PATH}: user names have colons, paths rarely have equals signs. */
  private static void writeKubeconfigFor(KubeHarness harness, String spec) {
    var at = spec.lastIndexOf('=');
    if (at <= 0 || at == spec.length() - 1) {
      System.err.println("--kubeconfig-for wants USER[,GROUP...]=PATH, not " + spec);
      usage();
      System.exit(2);
    }
    var names = spec.substring(0, at).split(",");
    var groups = Arrays.copyOfRange(names, 1, names.length);
    harness.writeKubeconfigFor(Path.of(spec.substring(at + 1)), names[0], groups);
  }

  private static String value(String[] args, int index) {
    if (index >= args.length) {
      usage();
      System.exit(2);
    }
    return args[index];
  }

  private static void usage() {
    System.err.println(
        "usage: KubeHarnessMain --kubeconfig PATH [--port N] [--pod-start-delay-ms N] [--log-requests]"
            + " [--kubeconfig-for USER[,GROUP...]=PATH]...");
  }
}
