package dev.kubedeploy.reconciler.events;

import dev.kubedeploy.model.deployment.DeploymentClusterEvent;
import dev.kubedeploy.reconciler.kube.ClusterEvent;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The table of mirrored Events: one row per Event uid (a repeat raises its count and last seen), at
 * most {@code app.cluster-events.max-per-deployment} rows per deployment, none for a deleted one.
 */
@ApplicationScoped
public class ClusterEventRows {

  /** A live deployment whose namespace's Events are mirrored. */
  public record Live(long id, String namespace) {}

  private static final String LIVE =
      """
      SELECT id, namespace_name FROM deployment
       WHERE deleted_at IS NULL AND status <> 'deleted'
       ORDER BY id
      """;

  /**
   * Locks the deployments the Events are for against their deletion, which removes their rows:
   * otherwise a deletion committing between this read and the insert would leave rows behind.
   */
  private static final String LOCK_LIVE =
      """
      SELECT id FROM deployment
       WHERE id IN (:ids) AND deleted_at IS NULL AND status <> 'deleted'
       ORDER BY id
         FOR SHARE
      """;

  private static final String UPSERT =
      """
      INSERT INTO deployment_cluster_event (deployment_id, event_uid, type, reason, message,
                                            involved_kind, involved_name, count, first_seen,
                                            last_seen)
      VALUES (:deployment, :uid, :type, :reason, :message, :kind, :name, :count, :first, :last)
      ON CONFLICT (event_uid) DO UPDATE
         SET type = EXCLUDED.type,
             reason = EXCLUDED.reason,
             message = EXCLUDED.message,
             count = GREATEST(deployment_cluster_event.count, EXCLUDED.count),
             first_seen = LEAST(deployment_cluster_event.first_seen, EXCLUDED.first_seen),
             last_seen = GREATEST(deployment_cluster_event.last_seen, EXCLUDED.last_seen)
      """;

  private static final String TRIM =
      """
      DELETE FROM deployment_cluster_event
       WHERE id IN (SELECT id FROM deployment_cluster_event
                     WHERE deployment_id = :deployment
                     ORDER BY last_seen DESC, id DESC
                    OFFSET :keep)
      """;

  private final ClusterEventSettings settings;

  ClusterEventRows(ClusterEventSettings settings) {
    this.settings = settings;
  }

  /** The deployments whose namespaces are mirrored. */
  @Transactional
  public List<Live> live() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = Panache.getEntityManager().createNativeQuery(LIVE).getResultList();
    return rows.stream()
        .map(row -> new Live(((Number) row[0]).longValue(), (String) row[1]))
        .toList();
  }

  /**
   * Writes each deployment's new or changed Events and trims its rows to the newest; Events of a
   * deployment deleted meanwhile are dropped.
   *
   * @return the number of Events written
   */
  @Transactional
  public int write(Map<Long, List<ClusterEvent>> changed) {
    if (changed.isEmpty()) {
      return 0;
    }
    var entityManager = Panache.getEntityManager();
    @SuppressWarnings("unchecked")
    List<Number> live =
        entityManager
            .createNativeQuery(LOCK_LIVE)
            .setParameter("ids", changed.keySet())
            .getResultList();
    var written = 0;
    for (var id : live.stream().map(Number::longValue).collect(Collectors.toList())) {
      for (var event : changed.get(id)) {
        entityManager
            .createNativeQuery(UPSERT)
            .setParameter("deployment", id)
            .setParameter("uid", event.uid())
            .setParameter("type", event.warning() ? "warning" : "normal")
            .setParameter("reason", bounded(event.reason(), 128))
            .setParameter(
                "message", bounded(event.message(), DeploymentClusterEvent.MAX_MESSAGE_LENGTH))
            .setParameter("kind", bounded(event.involvedKind(), 63))
            .setParameter("name", bounded(event.involvedName(), 253))
            .setParameter("count", event.count())
            .setParameter("first", Timestamp.from(event.firstSeen()))
            .setParameter("last", Timestamp.from(event.lastSeen()))
            .executeUpdate();
        written++;
      }
      entityManager
          .createNativeQuery(TRIM)
          .setParameter("deployment", id)
          .setParameter("keep", settings.maxPerDeployment())
          .executeUpdate();
    }
    return written;
  }

  private static String bounded(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }
}
