package dev.kubedeploy.api.catalog;

import dev.kubedeploy.api.http.Created;
import dev.kubedeploy.api.page.Page;
import dev.kubedeploy.api.page.PageRequest;
import dev.kubedeploy.api.security.AdminOnly;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog")
public class ProductsResource {

  private final CatalogService catalog;

  ProductsResource(CatalogService catalog) {
    this.catalog = catalog;
  }

  @POST
  @Path("products")
  @AdminOnly
  @Operation(operationId = "createProduct", summary = "Publish a product (admin)")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = ProductRead.class)))
  public RestResponse<ProductRead> createProduct(
      @NotNull(message = "a request body is required") @Valid ProductCreate body,
      @Context UriInfo uri) {
    var product = catalog.createProduct(body);
    return Created.at(uri.getAbsolutePathBuilder().path(product.slug()).build(), product);
  }

  @GET
  @Path("products")
  @Operation(operationId = "listProducts", summary = "List products, newest first")
  @APIResponse(responseCode = "200", description = "One page")
  public Page<ProductRead> listProducts(
      @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    return catalog.listProducts(PageRequest.of(limit, cursor));
  }

  @GET
  @Path("products/{slug}")
  @Operation(operationId = "getProduct", summary = "Read a product")
  @APIResponse(responseCode = "200", description = "The product")
  public ProductRead product(@PathParam("slug") String slug) {
    return catalog.product(slug);
  }

  @POST
  @Path("products/{slug}/templates")
  @AdminOnly
  @Operation(
      operationId = "createTemplateVersion",
      summary = "Publish a template version of a product (admin)")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = ProductTemplateVersionRead.class)))
  public RestResponse<ProductTemplateVersionRead> createTemplate(
      @PathParam("slug") String slug,
      @NotNull(message = "a request body is required") @Valid ProductTemplateVersionCreate body,
      @Context UriInfo uri) {
    var template = catalog.createTemplate(slug, body);
    return Created.at(
        uri.getBaseUriBuilder().path("templates").path(Long.toString(template.id())).build(),
        template);
  }

  @GET
  @Path("products/{slug}/templates")
  @Operation(
      operationId = "listTemplateVersions",
      summary = "List a product's template versions, newest first")
  @APIResponse(responseCode = "200", description = "One page")
  public Page<ProductTemplateVersionRead> listTemplates(
      @PathParam("slug") String slug,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return catalog.listTemplates(slug, PageRequest.of(limit, cursor));
  }

  @GET
  @Path("templates/{id}")
  @Operation(
      operationId = "getTemplateVersion",
      summary = "Read a template version with every persisted field")
  @APIResponse(responseCode = "200", description = "The template version")
  public ProductTemplateVersionRead template(@PathParam("id") long id) {
    return catalog.template(id);
  }
}
