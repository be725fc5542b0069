package dev.kubedeploy.api.page;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JPQL list query read one page at a time, newest first: {@code id < cursor ORDER BY id DESC
 * LIMIT n + 1}. Conditions are added only when a filter is given, so that PostgreSQL plans each
 * shape for what it is.
 */
public final class KeysetQuery<T> {

  private final String selectFrom;
  private final String idPath;
  private final Class<T> type;
  private final List<String> conditions = new ArrayList<>();
  private final Map<String, Object> parameters = new LinkedHashMap<>();

  private KeysetQuery(String selectFrom, String idPath, Class<T> type) {
    this.selectFrom = selectFrom;
    this.idPath = idPath;
    this.type = type;
  }

  /**
   * @param selectFrom the query up to its WHERE, e.g. {@code select p from Product p}
   * @param idPath the sort key, e.g. {@code p.id}
   */
  public static <T> KeysetQuery<T> of(String selectFrom, String idPath, Class<T> type) {
    return new KeysetQuery<>(selectFrom, idPath, type);
  }

  /** Adds a condition with one named parameter. */
  public KeysetQuery<T> where(String condition, String parameter, Object value) {
    conditions.add(condition);
    parameters.put(parameter, value);
    return this;
  }

  /** Adds a condition without parameters. */
  public KeysetQuery<T> where(String condition) {
    conditions.add(condition);
    return this;
  }

  /** Reads up to {@code limit + 1} rows: hand them to {@link Page#of}. */
  public List<T> rows(EntityManager entityManager, PageRequest page) {
    if (page.beforeId() != null) {
      where(idPath + " < :beforeId", "beforeId", page.beforeId());
    }
    var where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    var query =
        entityManager
            .createQuery(selectFrom + where + " order by " + idPath + " desc", type)
            .setMaxResults(page.limit() + 1);
    parameters.forEach(query::setParameter);
    return query.getResultList();
  }
}
