package dev.kubedeploy.api.deployment;

import dev.kubedeploy.api.page.Page;
import dev.kubedeploy.api.page.PageRequest;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/deployments/{uid}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Deployments")
public class DeploymentRevisionsResource {

  private final DeploymentRevisions revisions;

  DeploymentRevisionsResource(DeploymentRevisions revisions) {
    this.revisions = revisions;
  }

  @GET
  @Path("revisions")
  @Operation(
      operationId = "listDeploymentRevisions",
      summary = "The deployment's revisions, newest generation first",
      description =
          "One per desired generation: template, values digest, the operation that made it, who"
              + " asked and when, and whether the reconciler applied it.")
  @APIResponse(responseCode = "200", description = "One page")
  public Page<RevisionRead> list(
      @PathParam("uid") String uid,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return revisions.list(uid, PageRequest.of(limit, cursor));
  }

  @POST
  @Path("rollback")
  @Operation(
      operationId = "rollbackDeployment",
      summary = "Return to the template and values an earlier generation applied",
      description =
          "Makes them the desired state as a new generation and queues a reconcile. The"
              + " generation must have been applied (422 on to_generation otherwise); restoring an"
              + " admin-only template takes an admin (403).")
  @APIResponse(
      responseCode = "200",
      description = "The deployment",
      headers = @Header(name = "ETag", ref = "ETag"))
  public RestResponse<DeploymentRead> rollback(
      @PathParam("uid") String uid,
      @NotNull(message = "a request body is required") @Valid DeploymentRollback body,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    return DeploymentsResource.withEtag(200, revisions.rollback(uid, body, ifMatch));
  }
}
