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
import jakarta.ws.rs.PATCH;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Identity")
public class UsersResource {

  private final UserService users;

  UsersResource(UserService users) {
    this.users = users;
  }

  @POST
  @Path("users")
  @AdminOnly
  @Operation(
      operationId = "createUser",
      summary = "Create a user (admin); is_admin is false unless given")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = UserRead.class)))
  public RestResponse<UserRead> create(
      @NotNull(message = "a request body is required") @Valid UserCreate body,
      @Context UriInfo uri) {
    var user = users.create(body);
    return Created.at(uri.getAbsolutePathBuilder().path(Long.toString(user.id())).build(), user);
  }

  @GET
  @Path("users")
  @AdminOnly
  @Operation(operationId = "listUsers", summary = "List users, newest first (admin)")
  @APIResponse(responseCode = "200", description = "One page")
  public Page<UserRead> list(
      @Parameter(description = "only the users of this tenant") @QueryParam("tenant") String tenant,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return users.list(tenant, PageRequest.of(limit, cursor));
  }

  @PATCH
  @Path("users/{id}")
  @AdminOnly
  @Operation(
      operationId = "updateUser",
      summary = "Promote, demote, disable or enable a user (admin)")
  @APIResponse(
      responseCode = "200",
      description = "The user as changed",
      content = @Content(schema = @Schema(implementation = UserRead.class)))
  public UserRead update(
      @PathParam("id") long id,
      @NotNull(message = "a request body is required") @Valid UserUpdate body) {
    return users.update(id, body);
  }

  @GET
  @Path("me")
  @Operation(operationId = "getCurrentUser", summary = "The caller's own user")
  @APIResponse(responseCode = "200", description = "The caller")
  public UserRead me() {
    return users.me();
  }
}
