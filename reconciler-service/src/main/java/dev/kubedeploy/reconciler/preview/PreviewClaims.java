package dev.kubedeploy.reconciler.preview;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Optional;

/**
 * The preview rows' small transactions: claim one, write its outcome, delete expired ones. Apart
 * from the reconcile queue on purpose: a preview takes no deployment's lease, so it neither waits
 * for a reconcile nor delays one.
 */
@ApplicationScoped
public class PreviewClaims {

  /**
   * Claims the oldest pending preview that no live claim holds, skipping rows another instance is
   * claiming at this moment.
   */
  @Transactional
  public Optional<Long> claim(String owner, Duration claimTimeout) {
    return Panache.getEntityManager()
        .createNativeQuery(
            """
            UPDATE deployment_preview SET claimed_by = ?1, claimed_at = now()
            WHERE id = (
              SELECT id FROM deployment_preview
              WHERE status = 'pending'
                AND (claimed_at IS NULL OR claimed_at < now() - make_interval(secs => ?2))
              ORDER BY id
              LIMIT 1
              FOR UPDATE SKIP LOCKED)
            RETURNING id
            """,
            Long.class)
        .setParameter(1, owner)
        .setParameter(2, (double) claimTimeout.toMillis() / 1000)
        .getResultStream()
        .findFirst();
  }

  /** Writes the result, unless another instance took the preview over meanwhile. */
  @Transactional
  public boolean finish(long id, String owner, String resultJson) {
    return Panache.getEntityManager()
            .createNativeQuery(
                """
                UPDATE deployment_preview
                SET status = 'done', result_json = CAST(?3 AS jsonb), finished_at = now()
                WHERE id = ?1 AND claimed_by = ?2 AND status = 'pending'
                """)
            .setParameter(1, id)
            .setParameter(2, owner)
            .setParameter(3, resultJson)
            .executeUpdate()
        == 1;
  }

  /** Writes why the preview failed, unless another instance took it over meanwhile. */
  @Transactional
  public boolean fail(long id, String owner, String error) {
    return Panache.getEntityManager()
            .createNativeQuery(
                """
                UPDATE deployment_preview
                SET status = 'failed', error = ?3, finished_at = now()
                WHERE id = ?1 AND claimed_by = ?2 AND status = 'pending'
                """)
            .setParameter(1, id)
            .setParameter(2, owner)
            .setParameter(3, error)
            .executeUpdate()
        == 1;
  }

  /** Deletes previews asked for longer than {@code retention} ago; returns how many. */
  @Transactional
  public int prune(Duration retention) {
    return Panache.getEntityManager()
        .createNativeQuery(
            "DELETE FROM deployment_preview WHERE created_at < now() - make_interval(secs => ?1)")
        .setParameter(1, (double) retention.toMillis() / 1000)
        .executeUpdate();
  }
}
