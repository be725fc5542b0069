package dev.kubedeploy.reconciler.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Tells the cluster what happened to a release, as a Kubernetes Event on its namespace (involved
 * object: the namespace; reporting controller: {@value #CONTROLLER}), so that {@code kubectl get
 * events -n NAMESPACE} shows the platform's story next to the cluster's. Best effort: an Event that
 * cannot be written is logged and the reconcile goes on, since the database holds the record.
 */
@ApplicationScoped
public class NamespaceEvents {

  public static final String CONTROLLER = "kubedeploy";

  /** Kubernetes refuses longer messages. */
  static final int MAX_MESSAGE_LENGTH = 1024;

  private static final Logger LOG = Logger.getLogger(NamespaceEvents.class);

  /** The API's MicroTime: microseconds, UTC. */
  private static final DateTimeFormatter MICRO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final KubernetesClient client;

  NamespaceEvents(KubernetesClient client) {
    this.client = client;
  }

  public void normal(String namespace, String reason, String action, String message) {
    record(namespace, "Normal", reason, action, message);
  }

  public void warning(String namespace, String reason, String action, String message) {
    record(namespace, "Warning", reason, action, message);
  }

  private void record(String namespace, String type, String reason, String action, String message) {
    var now = Instant.now();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(
                namespace + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
            .addToLabels("app.kubernetes.io/managed-by", CONTROLLER)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion("v1")
            .withKind("Namespace")
            .withName(namespace)
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withAction(action)
            .withMessage(bounded(message))
            .withReportingComponent(CONTROLLER)
            .withReportingInstance(CONTROLLER)
            .withNewSource()
            .withComponent(CONTROLLER)
            .endSource()
            .withFirstTimestamp(now.toString())
            .withLastTimestamp(now.toString())
            .withEventTime(new MicroTime(MICRO.format(now)))
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.debugf("cannot record the event %s in %s: %s", reason, namespace, e.getMessage());
    }
  }

  private static String bounded(String message) {
    if (message == null) {
      return "";
    }
    return message.length() <= MAX_MESSAGE_LENGTH
        ? message
        : message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
  }
}
