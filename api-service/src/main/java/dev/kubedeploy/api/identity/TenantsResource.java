package dev.kubedeploy.api.identity;

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

@Path("/tenants")
@Authenticated
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Identity")
public class TenantsResource {

  private final TenantService tenants;

  TenantsResource(TenantService tenants) {
    this.tenants = tenants;
  }

  @POST
  @Operation(operationId = "createTenant", summary = "Create a tenant (admin)")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = TenantRead.class)))
  public RestResponse<TenantRead> create(
      @NotNull(message = "a request body is required") @Valid TenantCreate body,
      @Context UriInfo uri) {
    var tenant = tenants.create(body);
    return Created.at(uri.getAbsolutePathBuilder().path(tenant.tenantKey()).build(), tenant);
  }

  @GET
  @Operation(operationId = "listTenants", summary = "List tenants, newest first (admin)")
  @APIResponse(responseCode = "200", description = "One page")
  public Page<TenantRead> list(
      @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    return tenants.list(PageRequest.of(limit, cursor));
  }
}
