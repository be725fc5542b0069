package dev.kubedeploy.api.catalog;

import dev.kubedeploy.model.catalog.Product;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A product as the API shows it. */
public record ProductRead(
    @Schema(example = "3") long id,
    @Schema(example = "wiki") String slug,
    @Schema(example = "Team wiki") String name,
    @Schema(example = "A wiki for one team, backed by PostgreSQL.") String description,
    Instant createdAt) {

  static ProductRead of(Product product) {
    return new ProductRead(
        product.id, product.slug, product.name, product.description, product.createdAt);
  }
}
