package dev.kubedeploy.api.deployment;

import dev.kubedeploy.api.page.Page;
import dev.kubedeploy.api.page.PageRequest;
import dev.kubedeploy.api.security.CurrentCaller;
import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentClusterEvent;
import dev.kubedeploy.model.deployment.DeploymentStatusHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A deployment's recent events: the platform's status history and the cluster's Events of its
 * namespace (mirrored by the reconciler), merged newest first. Keyset paging over both: each source
 * is read from the cursor on, at most a page and one more row, and the two are merged; so every
 * page costs two index range scans, however deep.
 */
@ApplicationScoped
public class DeploymentEvents {

  /** The merged order: newest first, the platform first at the same instant, then newest row. */
  private static final Comparator<Item> NEWEST_FIRST =
      Comparator.comparing((Item item) -> item.read().time())
          .thenComparing(item -> item.read().source())
          .thenComparingLong(Item::rowId)
          .reversed();

  /** An event with the id of its row in its source's table, which the cursor names. */
  private record Item(EventRead read, long rowId) {

    EventCursor cursor() {
      return new EventCursor(read.time(), read.source(), rowId);
    }
  }

  private final EntityManager entityManager;
  private final CurrentCaller currentCaller;

  DeploymentEvents(EntityManager entityManager, CurrentCaller currentCaller) {
    this.entityManager = entityManager;
    this.currentCaller = currentCaller;
  }

  /** One page of the caller's deployment's events, from {@code cursor} on. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<EventRead> recent(String uid, String limit, String cursor) {
    var pageLimit = PageRequest.limit(limit);
    var after = EventCursor.decode(cursor);
    var caller = currentCaller.get();
    var deployment =
        Deployment.findByUid(uid)
            .filter(d -> caller.mayAccess(d.user.id))
            .orElseThrow(() -> DeploymentService.notFound(uid));
    var items = new ArrayList<Item>();
    read(
            "select h from DeploymentStatusHistory h left join fetch h.changedBy"
                + " where h.deployment = :deployment",
            "h.changedAt",
            "h.id",
            EventSource.PLATFORM,
            DeploymentStatusHistory.class,
            deployment,
            after,
            pageLimit)
        .forEach(row -> items.add(new Item(EventRead.of(row, deployment.namespaceName), row.id)));
    read(
            "select e from DeploymentClusterEvent e where e.deployment = :deployment",
            "e.lastSeen",
            "e.id",
            EventSource.CLUSTER,
            DeploymentClusterEvent.class,
            deployment,
            after,
            pageLimit)
        .forEach(row -> items.add(new Item(EventRead.of(row), row.id)));
    items.sort(NEWEST_FIRST);
    var more = items.size() > pageLimit;
    var page = more ? items.subList(0, pageLimit) : items;
    return new Page<>(
        page.stream().map(Item::read).toList(), more ? page.getLast().cursor().encode() : null);
  }

  private <T> List<T> read(
      String query,
      String timePath,
      String idPath,
      EventSource source,
      Class<T> type,
      Deployment deployment,
      EventCursor after,
      int limit) {
    var condition = after == null ? "" : " and " + after.after(source, timePath, idPath);
    var rows =
        entityManager
            .createQuery(
                query + condition + " order by " + timePath + " desc, " + idPath + " desc", type)
            .setParameter("deployment", deployment)
            .setMaxResults(limit + 1);
    if (after != null) {
      rows.setParameter("cursorTime", after.time());
      if (after.source() == source) {
        rows.setParameter("cursorId", after.id());
      }
    }
    return rows.getResultList();
  }
}
