package dev.kubedeploy.cli;

import dev.kubedeploy.client.model.PageProductRead;
import dev.kubedeploy.client.model.PageProductTemplateVersionRead;
import dev.kubedeploy.client.model.ProductRead;
import dev.kubedeploy.client.model.ProductTemplateVersionRead;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kubedeploy catalog list}: what can be deployed. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Browse the catalog.",
    subcommands = CatalogCommand.ListCommand.class)
public class CatalogCommand {

  /** Every product with its template versions, newest first: the ids deploy create takes. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the products and their template versions.")
  static class ListCommand extends ApiCommand {

    @Mixin Output output;

    /** One template version of a product, as listed. */
    record Entry(ProductRead product, ProductTemplateVersionRead template) {}

    @Override
    protected void run(Session session) throws Exception {
      var catalog = session.catalog();
      var entries = new ArrayList<Entry>();
      for (var product :
          Pages.all(
              catalog::listProducts, PageProductRead::getItems, PageProductRead::getNextCursor)) {
        List<ProductTemplateVersionRead> templates =
            Pages.all(
                (cursor, limit) -> catalog.listTemplateVersions(product.getSlug(), cursor, limit),
                PageProductTemplateVersionRead::getItems,
                PageProductTemplateVersionRead::getNextCursor);
        if (templates.isEmpty()) {
          entries.add(new Entry(product, null));
        }
        templates.forEach(t -> entries.add(new Entry(product, t)));
      }
      var table = new Table("PRODUCT", "TEMPLATE", "VERSION", "CHART", "DEPLOYABLE", "NAME");
      for (var entry : entries) {
        var t = entry.template();
        table.row(
            entry.product().getSlug(),
            t == null ? null : t.getId(),
            t == null ? null : t.getVersionLabel(),
            t == null ? null : t.getChartRef(),
            t == null ? null : t.getDeployable(),
            entry.product().getName());
      }
      output.print(out(), entries, table);
    }
  }
}
