package dev.kubedeploy.reconciler.helm;

import java.util.List;
import java.util.Locale;

/**
 * Tells from Helm's message whether retrying can help. Signs of an unreachable or overloaded API
 * server, a timeout or a concurrent operation are transient and win over everything else (a "cannot
 * build objects" error caused by a refused connection is a network error); signs of a broken chart,
 * bad values or objects the API server rejects are permanent; anything unknown is transient, since
 * the queue bounds the retries.
 */
public final class HelmErrorClassifier {

  private static final List<String> TRANSIENT =
      List.of(
          "another operation (install/upgrade/rollback) is in progress",
          "timed out waiting for the condition",
          "context deadline exceeded",
          "connection refused",
          "connection reset",
          "i/o timeout",
          "tls handshake timeout",
          "no such host",
          "cluster unreachable",
          "unexpected eof",
          "the server is currently unable to handle the request",
          "too many requests",
          "internal error occurred",
          "etcdserver",
          "the object has been modified",
          "has no deployed releases");

  private static final List<String> PERMANENT =
      List.of(
          "parse error",
          "template: ",
          "executing \"",
          "nil pointer evaluating",
          "execution error at",
          "error converting yaml to json",
          "unable to build kubernetes objects",
          "values don't meet the specifications of the schema",
          "chart not found",
          "\" not found in ",
          "no chart version found",
          "no chart name found",
          "is not a valid chart repository",
          "repo  not found",
          "validation: chart.metadata",
          "chart requires kubeversion",
          "field is immutable",
          "is invalid:",
          "denied the request",
          "is forbidden",
          "rendered manifests contain a resource that already exists",
          "no matches for kind",
          "resource mapping not found",
          "field not declared in schema",
          "unknown field");

  private HelmErrorClassifier() {}

  /** Whether the failure Helm describes needs a change to the template or values to go away. */
  public static boolean isPermanent(String helmMessage) {
    var message = helmMessage.toLowerCase(Locale.ROOT);
    if (TRANSIENT.stream().anyMatch(message::contains)) {
      return false;
    }
    return PERMANENT.stream().anyMatch(message::contains);
  }
}
