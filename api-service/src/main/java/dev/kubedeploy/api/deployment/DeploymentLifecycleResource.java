package dev.kubedeploy.api.deployment;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
@Tag(name = "Deployments")
public class DeploymentLifecycleResource {

  private final DeploymentSuspension suspension;

  DeploymentLifecycleResource(DeploymentSuspension suspension) {
    this.suspension = suspension;
  }

  @POST
  @Path("suspend")
  @Operation(
      operationId = "suspendDeployment",
      summary = "Stop the reconciler from applying or correcting the deployment",
      description =
          "Sets suspended_at. Changes are still accepted and stored; nothing is applied, and"
              + " neither the periodic resync nor drift correction touches the release, until"
              + " resume. A reconcile already running finishes. Deleting still works.")
  @APIResponse(
      responseCode = "200",
      description = "The deployment",
      headers = @Header(name = "ETag", ref = "ETag"))
  public RestResponse<DeploymentRead> suspend(
      @PathParam("uid") String uid, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    return DeploymentsResource.withEtag(200, suspension.suspend(uid, ifMatch));
  }

  @POST
  @Path("resume")
  @Operation(
      operationId = "resumeDeployment",
      summary = "Resume a suspended deployment",
      description =
          "Clears suspended_at and queues a reconcile, which applies the changes made while"
              + " suspended and corrects drift.")
  @APIResponse(
      responseCode = "200",
      description = "The deployment",
      headers = @Header(name = "ETag", ref = "ETag"))
  public RestResponse<DeploymentRead> resume(
      @PathParam("uid") String uid, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    return DeploymentsResource.withEtag(200, suspension.resume(uid, ifMatch));
  }
}
