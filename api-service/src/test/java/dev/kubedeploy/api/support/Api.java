package dev.kubedeploy.api.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Calls the API as someone, and creates the rows tests need through the API itself. */
public final class Api {

  /** The subject the test profile makes admin on its first request. */
  public static final String ADMIN = "bootstrap-admin";

  private Api() {}

  public static RequestSpecification as(String subject) {
    return given().auth().oauth2(Tokens.of(subject)).contentType(ContentType.JSON);
  }

  public static RequestSpecification anonymous() {
    return given().contentType(ContentType.JSON);
  }

  /** A name no other test uses. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static void createTenant(String tenantKey) {
    as(ADMIN)
        .body(Map.of("tenant_key", tenantKey, "name", "Tenant " + tenantKey))
        .post("/api/v1/tenants")
        .then()
        .statusCode(201);
  }

  /** Creates a user whose subject and user name are {@code subject}; returns the subject. */
  public static String createUser(String subject, String tenantKey, boolean admin) {
    as(ADMIN)
        .body(
            Map.of(
                "subject", subject,
                "username", subject,
                "email", subject + "@example.com",
                "tenant_key", tenantKey,
                "is_admin", admin))
        .post("/api/v1/users")
        .then()
        .statusCode(201);
    return subject;
  }

  public static String createUser(String subject) {
    return createUser(subject, "default", false);
  }

  public static void createProduct(String slug) {
    as(ADMIN)
        .body(Map.of("slug", slug, "name", "Product " + slug, "description", "for tests"))
        .post("/api/v1/products")
        .then()
        .statusCode(201);
  }

  /**
   * Publishes a chart version of {@code slug} with the given template body members added; unless
   * they say otherwise, its values schema takes any object, so that users may deploy it.
   */
  public static long createTemplate(String slug, Map<String, Object> members) {
    var body = new HashMap<String, Object>();
    body.put("version_label", unique("v"));
    body.put("chart_ref", "oci://charts.example.com/" + slug);
    body.put("chart_version", "1.0.0");
    body.put("values_schema_json", Map.of("type", "object"));
    body.putAll(members);
    return as(ADMIN)
        .body(body)
        .post("/api/v1/products/" + slug + "/templates")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** A template whose schema wants an integer replicaCount of at least 1, defaulting to 1. */
  public static long createTemplateWithSchema(String slug) {
    return createTemplate(
        slug,
        Map.of(
            "default_values_json", Map.of("replicaCount", 1, "image", Map.of("tag", "1.0")),
            "values_schema_json",
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of(
                        "replicaCount", Map.of("type", "integer", "minimum", 1),
                        "image",
                            Map.of(
                                "type",
                                "object",
                                "properties",
                                Map.of("tag", Map.of("type", "string")),
                                "required",
                                List.of("tag"))))));
  }

  /** Creates a deployment as {@code subject}; returns its uid. */
  public static String createDeployment(String subject, long templateId, String name) {
    return createDeployment(as(subject), templateId, name);
  }

  /** Creates a deployment with {@code request} (a subject's, with headers of the test's). */
  public static String createDeployment(
      RequestSpecification request, long templateId, String name) {
    return request
        .body(Map.of("name", name, "template_id", templateId))
        .post("/api/v1/deployments")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getString("deployment_uid");
  }
}
