package dev.kubedeploy.model.migration;

import dev.kubedeploy.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows as the legacy (v1-baseline) platform wrote them: user and product names that need shortening
 * or have nothing DNS-safe in them, soft-deleted deployments, and a deleted deployment whose name a
 * live one reuses.
 */
final class LegacyData {

  static final List<String> USERNAMES =
      List.of(
          "alice",
          "Bob Smith",
          "Maximilian-Alexander-Johannes_von_Hohenzollern-Sigmaringen",
          "ÆØÅ",
          "__carol__",
          "dave.o'brien@example");

  static final List<String> PRODUCT_SLUGS =
      List.of("web-shop", "enterprise-resource-planning-suite-with-extras", "Data_Warehouse 2");

  static final int TEMPLATES_PER_PRODUCT = 2;
  static final int DEPLOYMENTS_PER_USER = 4;

  private LegacyData() {}

  /** Inserts the legacy rows; returns how many deployments there are and how many are deleted. */
  static Counts insert(TestDatabase.Coordinates database) throws SQLException {
    try (var connection = database.connect()) {
      var userIds = new ArrayList<Long>();
      for (var username : USERNAMES) {
        userIds.add(
            insert(
                connection,
                "INSERT INTO users (username, email) VALUES (?, ?) RETURNING id",
                username,
                "user" + userIds.size() + "@example.com"));
      }
      var templateIds = new ArrayList<Long>();
      for (var slug : PRODUCT_SLUGS) {
        var productId =
            insert(
                connection,
                "INSERT INTO product (slug, name) VALUES (?, ?) RETURNING id",
                slug,
                "Product " + slug);
        for (var v = 1; v <= TEMPLATES_PER_PRODUCT; v++) {
          templateIds.add(
              insert(
                  connection,
                  "INSERT INTO product_template_version (product_id, version_label, docker_image_url)"
                      + " VALUES (?, ?, ?) RETURNING id",
                  productId,
                  "v" + v,
                  "registry.example/" + slug.toLowerCase().replace(' ', '-') + ":" + v));
        }
      }
      var deployments = 0;
      var deleted = 0;
      for (var u = 0; u < userIds.size(); u++) {
        for (var d = 0; d < DEPLOYMENTS_PER_USER; d++) {
          var isDeleted = d == 0;
          // the first two deployments of each user share a name: the first is deleted
          var name = d <= 1 ? "app" : "app-" + d;
          insert(
              connection,
              "INSERT INTO deployment (user_id, template_id, name, domainname, deleted_at)"
                  + " VALUES (?, ?, ?, ?, "
                  + (isDeleted ? "now() - interval '1 day'" : "NULL")
                  + ") RETURNING id",
              userIds.get(u),
              templateIds.get((u + d) % templateIds.size()),
              name,
              "d" + u + "-" + d + ".apps.example.com");
          deployments++;
          deleted += isDeleted ? 1 : 0;
        }
      }
      return new Counts(userIds.size(), templateIds.size(), deployments, deleted);
    }
  }

  /** How many legacy rows were written. */
  record Counts(int users, int templates, int deployments, int deletedDeployments) {}

  private static long insert(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      for (var i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (var result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }
}
