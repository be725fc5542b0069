package dev.kubedeploy.api.deployment;

import dev.kubedeploy.api.page.Page;
import dev.kubedeploy.api.page.PageRequest;
import dev.kubedeploy.api.security.AdminOnly;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/deployments")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Deployments")
public class DeploymentsResource {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";

  private final DeploymentService deployments;

  DeploymentsResource(DeploymentService deployments) {
    this.deployments = deployments;
  }

  @POST
  @Operation(
      operationId = "createDeployment",
      summary = "Create a deployment",
      description =
          "The API assigns deployment_uid, namespace_name and release_name, sets status pending"
              + " and generation 1, and queues the first reconcile. With an Idempotency-Key, a"
              + " retry with the same body returns the first result (Idempotent-Replayed: true);"
              + " the same key with another body answers 422.")
  @APIResponse(
      responseCode = "201",
      description = "Created, or the earlier result of the same Idempotency-Key",
      headers = {
        @Header(name = "Location", ref = "Location"),
        @Header(name = "ETag", ref = "ETag")
      },
      content = @Content(schema = @Schema(implementation = DeploymentRead.class)))
  public RestResponse<DeploymentRead> create(
      @NotNull(message = "a request body is required") @Valid DeploymentCreate body,
      @Parameter(
              in = ParameterIn.HEADER,
              description = "1 to 255 characters, unique per create the client means",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      minLength = 1,
                      maxLength = 255,
                      example = "7f9c1b7e-2f5a-4b8e-9d61-0c3a9a4f5b21"))
          @HeaderParam(IDEMPOTENCY_KEY)
          String idempotencyKey,
      @Context UriInfo uri) {
    var result = deployments.create(body, idempotencyKey);
    var deployment = result.deployment();
    var response =
        RestResponse.ResponseBuilder.<DeploymentRead>created(
                uri.getAbsolutePathBuilder().path(deployment.deploymentUid()).build())
            .entity(deployment)
            .header(HttpHeaders.ETAG, DeploymentEtag.of(deployment));
    if (result.replayed()) {
      response.header(REPLAYED, "true");
    }
    return response.build();
  }

  @GET
  @Operation(
      operationId = "listDeployments",
      summary = "List deployments, newest first",
      description =
          "A user sees their own deployments, an admin everyone's. Deleted deployments are"
              + " listed only with status=deleted.")
  @APIResponse(responseCode = "200", description = "One page")
  public Page<DeploymentRead> list(
      @Parameter(
              description = "only deployments in this status",
              schema = @Schema(implementation = DeploymentStatus.class))
          @QueryParam("status")
          String status,
      @Parameter(description = "product slug") @QueryParam("product") String product,
      @Parameter(description = "exact deployment name") @QueryParam("name") String name,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return deployments.list(status, product, name, PageRequest.of(limit, cursor));
  }

  @GET
  @Path("{uid}")
  @Operation(operationId = "getDeployment", summary = "Read a deployment")
  @APIResponse(
      responseCode = "200",
      description = "The deployment",
      headers = @Header(name = "ETag", ref = "ETag"))
  public RestResponse<DeploymentRead> get(@PathParam("uid") String uid) {
    return withEtag(200, deployments.get(uid));
  }

  @PATCH
  @Path("{uid}")
  @Operation(
      operationId = "updateDeployment",
      summary = "Change the domain name, the user values or the resources",
      description =
          "Setting deployment_uid, namespace_name or release_name answers 422. A change bumps"
              + " the generation and queues a reconcile; the same values change nothing. A"
              + " resource change is validated as at create, its old and new values go into the"
              + " history, and the namespace's quota follows.")
  @APIResponse(
      responseCode = "200",
      description = "The deployment",
      headers = @Header(name = "ETag", ref = "ETag"))
  public RestResponse<DeploymentRead> update(
      @PathParam("uid") String uid,
      @NotNull(message = "a request body is required") @Valid DeploymentUpdate body,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    return withEtag(200, deployments.update(uid, body, ifMatch));
  }

  @POST
  @Path("{uid}/upgrade")
  @AdminOnly
  @Operation(
      operationId = "upgradeDeployment",
      summary = "Move a deployment to another template version of its product (admin)")
  @APIResponse(
      responseCode = "200",
      description = "The deployment",
      headers = @Header(name = "ETag", ref = "ETag"))
  public RestResponse<DeploymentRead> upgrade(
      @PathParam("uid") String uid,
      @NotNull(message = "a request body is required") @Valid DeploymentUpgrade body,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    return withEtag(200, deployments.upgrade(uid, body, ifMatch));
  }

  @POST
  @Path("{uid}/scale")
  @Operation(
      operationId = "scaleDeployment",
      summary = "Set the replica count; 0 stops the deployment")
  @APIResponse(
      responseCode = "200",
      description = "The deployment",
      headers = @Header(name = "ETag", ref = "ETag"))
  public RestResponse<DeploymentRead> scale(
      @PathParam("uid") String uid,
      @NotNull(message = "a request body is required") @Valid DeploymentScale body,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    return withEtag(200, deployments.scale(uid, body, ifMatch));
  }

  @POST
  @Path("{uid}/reconcile")
  @Operation(
      operationId = "reconcileDeployment",
      summary = "Queue a retry or a resync without changing the desired state",
      description =
          "No generation bump. A failed deployment goes back to pending (one history row).")
  @APIResponse(
      responseCode = "200",
      description = "The deployment",
      headers = @Header(name = "ETag", ref = "ETag"))
  public RestResponse<DeploymentRead> reconcile(
      @PathParam("uid") String uid,
      @RequestBody(required = false) @Valid DeploymentReconcile body,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    return withEtag(200, deployments.reconcile(uid, body, ifMatch));
  }

  @DELETE
  @Path("{uid}")
  @Operation(
      operationId = "deleteDeployment",
      summary = "Delete a deployment",
      description =
          "Status becomes deleting; the reconciler uninstalls the release and marks it deleted."
              + " The row stays, and its name and domain become free again.")
  @APIResponse(
      responseCode = "202",
      description = "Deletion queued",
      headers = @Header(name = "ETag", ref = "ETag"),
      content = @Content(schema = @Schema(implementation = DeploymentRead.class)))
  public RestResponse<DeploymentRead> delete(
      @PathParam("uid") String uid, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    return withEtag(202, deployments.delete(uid, ifMatch));
  }

  @GET
  @Path("{uid}/history")
  @Operation(
      operationId = "listDeploymentHistory",
      summary = "The deployment's status history, newest first")
  @APIResponse(responseCode = "200", description = "One page")
  public Page<StatusChangeRead> history(
      @PathParam("uid") String uid,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return deployments.history(uid, PageRequest.of(limit, cursor));
  }

  static RestResponse<DeploymentRead> withEtag(int status, DeploymentRead deployment) {
    return RestResponse.ResponseBuilder.<DeploymentRead>create(status)
        .entity(deployment)
        .header(HttpHeaders.ETAG, DeploymentEtag.of(deployment))
        .build();
  }
}
