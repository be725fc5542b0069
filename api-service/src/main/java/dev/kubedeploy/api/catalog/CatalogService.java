package dev.kubedeploy.api.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.api.error.ConflictException;
import dev.kubedeploy.api.error.FieldError;
import dev.kubedeploy.api.error.InvalidInputException;
import dev.kubedeploy.api.error.ResourceNotFoundException;
import dev.kubedeploy.api.json.JsonText;
import dev.kubedeploy.api.page.KeysetQuery;
import dev.kubedeploy.api.page.Page;
import dev.kubedeploy.api.page.PageRequest;
import dev.kubedeploy.model.catalog.PrivateChartSource;
import dev.kubedeploy.model.catalog.Product;
import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import dev.kubedeploy.model.values.Capabilities;
import dev.kubedeploy.model.values.InvalidCapabilitiesException;
import dev.kubedeploy.model.values.InvalidSchemaException;
import dev.kubedeploy.model.values.JsonInputRules;
import dev.kubedeploy.model.values.SchemaViolation;
import dev.kubedeploy.model.values.SecretFields;
import dev.kubedeploy.model.values.SecretKeyRing;
import dev.kubedeploy.model.values.ValuesSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/** The catalog: products and their template versions. Writes are for admins (resources check). */
@ApplicationScoped
public class CatalogService {

  private final EntityManager entityManager;
  private final CatalogConfig config;
  private final SecretKeyRing secretKeys;

  CatalogService(EntityManager entityManager, CatalogConfig config, SecretKeyRing secretKeys) {
    this.entityManager = entityManager;
    this.config = config;
    this.secretKeys = secretKeys;
  }

  @Transactional
  public ProductRead createProduct(ProductCreate request) {
    if (Product.findBySlug(request.slug()).isPresent()) {
      throw new ConflictException("slug", "is already taken");
    }
    var product = new Product();
    product.slug = request.slug();
    product.name = request.name();
    product.description = request.description();
    product.persistAndFlush();
    return ProductRead.of(product);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<ProductRead> listProducts(PageRequest page) {
    var rows =
        KeysetQuery.of("select p from Product p", "p.id", Product.class).rows(entityManager, page);
    return Page.of(rows, page, p -> p.id, ProductRead::of);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public ProductRead product(String slug) {
    return ProductRead.of(productBySlug(slug));
  }

  @Transactional
  public ProductTemplateVersionRead createTemplate(
      String slug, ProductTemplateVersionCreate request) {
    var product = productBySlug(slug);
    var source =
        request.chartSource() == null
            ? null
            : PrivateChartSource.findByName(request.chartSource()).orElse(null);
    checkTemplate(request, source);
    if (ProductTemplateVersion.count(
            "product = ?1 and versionLabel = ?2", product, request.versionLabel())
        > 0) {
      throw new ConflictException("version_label", "already exists for this product");
    }
    var template = new ProductTemplateVersion();
    template.product = product;
    template.versionLabel = request.versionLabel();
    if (request.packageType() != null) {
      template.packageType = request.packageType();
    }
    template.chartRef = request.chartRef();
    template.chartVersion = request.chartVersion();
    template.chartDigest = request.chartDigest();
    template.chartSource = source;
    if (isPresent(request.defaultValuesJson())) {
      template.defaultValuesJson = JsonText.write(request.defaultValuesJson());
    }
    template.valuesSchemaJson = JsonText.write(request.valuesSchemaJson());
    if (isPresent(request.capabilitiesJson())) {
      template.capabilitiesJson = JsonText.write(request.capabilitiesJson());
    }
    if (request.healthTimeoutSec() != null) {
      template.healthTimeoutSec = request.healthTimeoutSec();
    }
    if (request.podSecurityLevel() != null) {
      template.podSecurityLevel = request.podSecurityLevel();
    }
    if (request.maxLoadBalancers() != null) {
      template.maxLoadBalancers = request.maxLoadBalancers();
    }
    if (request.maxNodePorts() != null) {
      template.maxNodePorts = request.maxNodePorts();
    }
    // a version whose values no schema limits is for admins unless the body says otherwise (422)
    template.adminOnly =
        request.adminOnly() == null ? !isPresent(request.valuesSchemaJson()) : request.adminOnly();
    template.dockerImageUrl = request.dockerImageUrl();
    template.persistAndFlush();
    return ProductTemplateVersionRead.of(template);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<ProductTemplateVersionRead> listTemplates(String slug, PageRequest page) {
    var product = productBySlug(slug);
    var rows =
        KeysetQuery.of(
                "select t from ProductTemplateVersion t join fetch t.product"
                    + " left join fetch t.chartSource",
                "t.id",
                ProductTemplateVersion.class)
            .where("t.product = :product", "product", product)
            .rows(entityManager, page);
    return Page.of(rows, page, t -> t.id, ProductTemplateVersionRead::of);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public ProductTemplateVersionRead template(long id) {
    return entityManager
        .createQuery(
            "select t from ProductTemplateVersion t join fetch t.product"
                + " left join fetch t.chartSource where t.id = :id",
            ProductTemplateVersion.class)
        .setParameter("id", id)
        .getResultStream()
        .findFirst()
        .map(ProductTemplateVersionRead::of)
        .orElseThrow(() -> new ResourceNotFoundException("template", id));
  }

  private static Product productBySlug(String slug) {
    return Product.findBySlug(slug)
        .orElseThrow(() -> new ResourceNotFoundException("product", slug));
  }

  /** The rules that span fields or need the schema validator; bean validation did the rest. */
  private void checkTemplate(ProductTemplateVersionCreate request, PrivateChartSource source) {
    var errors = new ArrayList<FieldError>();
    var hasChart = isText(request.chartRef());
    if (hasChart) {
      ChartRefRules.violation(request.chartRef(), config.insecureChartHosts().orElse(List.of()))
          .ifPresent(errors::add);
    }
    if (request.chartSource() != null) {
      ChartRefRules.sourceViolation(request.chartSource(), source, request.chartRef())
          .ifPresent(errors::add);
    }
    if (isText(request.chartVersion()) && request.chartVersion().startsWith("-")) {
      errors.add(FieldError.forField("chart_version", "must not start with '-'"));
    }
    if (!isPresent(request.valuesSchemaJson()) && Boolean.FALSE.equals(request.adminOnly())) {
      errors.add(
          FieldError.forField(
              "admin_only",
              "a version without values_schema_json can only be published as admin_only: nothing"
                  + " would limit the values users give it"));
    }
    errors.addAll(
        pointers("/default_values_json", JsonInputRules.violations(request.defaultValuesJson())));
    var schemaNumbers = JsonInputRules.numberViolations(request.valuesSchemaJson());
    errors.addAll(pointers("/values_schema_json", schemaNumbers));
    if (isPresent(request.capabilitiesJson()) && request.capabilitiesJson().isObject()) {
      try {
        Capabilities.parse(request.capabilitiesJson());
      } catch (InvalidCapabilitiesException e) {
        errors.addAll(pointers("/capabilities_json", e.violations()));
      }
    }
    if (!hasChart && !isText(request.dockerImageUrl())) {
      errors.add(
          FieldError.forField("chart_ref", "either chart_ref or docker_image_url is required"));
    }
    if (hasChart && !isText(request.chartVersion())) {
      errors.add(FieldError.forField("chart_version", "is required with chart_ref"));
    }
    requireObject(request.defaultValuesJson(), "default_values_json", errors);
    requireObject(request.capabilitiesJson(), "capabilities_json", errors);
    if (isPresent(request.valuesSchemaJson()) && schemaNumbers.isEmpty()) {
      errors.addAll(schemaErrors(request.valuesSchemaJson(), request.defaultValuesJson()));
      errors.addAll(secretFieldErrors(request.valuesSchemaJson(), request.defaultValuesJson()));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }

  /** The schema must be a JSON Schema, and the defaults alone must satisfy it. */
  private static List<FieldError> schemaErrors(JsonNode schemaNode, JsonNode defaults) {
    try {
      var schema = ValuesSchema.compile(schemaNode);
      if (defaults != null && !defaults.isObject()) {
        return List.of();
      }
      var values = isPresent(defaults) ? defaults : JsonText.parseObject("{}");
      return schema.violations(values).stream()
          .map(v -> v.under("/default_values_json"))
          .map(v -> FieldError.atPointer(v.pointer(), v.message()))
          .toList();
    } catch (InvalidSchemaException e) {
      return e.violations().stream()
          .map(v -> v.under("/values_schema_json"))
          .map(v -> FieldError.atPointer(v.pointer(), "is not a valid JSON Schema: " + v.message()))
          .toList();
    }
  }

  /**
   * Secret fields need a key to seal their values with, must each name one place, and take no
   * default: defaults are stored and shown in clear.
   */
  private List<FieldError> secretFieldErrors(JsonNode schemaNode, JsonNode defaults) {
    SecretFields fields;
    try {
      fields = SecretFields.of(schemaNode);
    } catch (InvalidSchemaException e) {
      return pointers("/values_schema_json", e.violations());
    }
    if (fields.isEmpty()) {
      return List.of();
    }
    var errors = new ArrayList<FieldError>();
    if (!secretKeys.canSeal()) {
      errors.add(
          FieldError.forField(
              "values_schema_json",
              "marks secret fields, but the platform has no key to seal their values with"
                  + " (app.secrets.keys)"));
    }
    for (var path : fields.paths()) {
      if (path.find(defaults).isPresent()) {
        errors.add(
            FieldError.atPointer(
                "/default_values_json" + path.pointer(),
                "is a secret field: defaults are stored and shown in clear, so it takes none"));
      }
    }
    return errors;
  }

  private static List<FieldError> pointers(String member, List<SchemaViolation> violations) {
    return violations.stream()
        .map(v -> v.under(member))
        .map(v -> FieldError.atPointer(v.pointer(), v.message()))
        .toList();
  }

  private static void requireObject(JsonNode node, String field, List<FieldError> errors) {
    if (isPresent(node) && !node.isObject()) {
      errors.add(FieldError.forField(field, "must be a JSON object"));
    }
  }

  private static boolean isPresent(JsonNode node) {
    return node != null && !node.isNull();
  }

  private static boolean isText(String value) {
    return value != null && !value.isBlank();
  }
}
