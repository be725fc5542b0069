package dev.kubedeploy.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The REST API under {@code /api/v1}; every endpoint takes a bearer JWT. */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(
    info =
        @Info(
            title = "kubedeploy API",
            version = "1",
            description =
                "Self-service deployments of Helm charts: catalog, deployments, users and"
                    + " tenants. Errors are RFC 9457 problem documents (application/problem+json)."),
    security = @SecurityRequirement(name = ApiApplication.BEARER))
@SecurityScheme(
    securitySchemeName = ApiApplication.BEARER,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
public class ApiApplication extends Application {

  /** The name of the security scheme in the OpenAPI document. */
  public static final String BEARER = "bearer";
}
