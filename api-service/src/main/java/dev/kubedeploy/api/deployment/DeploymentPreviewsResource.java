package dev.kubedeploy.api.deployment;

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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/deployments/{uid}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Deployments")
public class DeploymentPreviewsResource {

  private final DeploymentPreviews previews;

  DeploymentPreviewsResource(DeploymentPreviews previews) {
    this.previews = previews;
  }

  @POST
  @Path("preview")
  @Operation(
      operationId = "previewDeployment",
      summary = "Show what a PATCH would change in the cluster, without changing anything",
      description =
          "Takes the body of PATCH /deployments/{uid}, judged exactly as PATCH judges it (same"
              + " rights, same 4xx answers), and has the reconciler render the chart with the"
              + " desired state it would make and diff the manifests against the release the"
              + " cluster has: one entry per added, removed or changed object, with a unified diff"
              + " of its YAML. Secret data and values the template marks secret show as \"***\"."
              + " Neither the deployment nor the cluster changes. Answers 200 with the preview"
              + " when it is ready within app.previews.wait-timeout (done, or failed with Helm's error),"
              + " otherwise 202 with its Location to poll.")
  @APIResponse(
      responseCode = "200",
      description = "The preview, done or failed",
      content = @Content(schema = @Schema(implementation = PreviewRead.class)))
  @APIResponse(
      responseCode = "202",
      description = "Still rendering: poll the Location",
      headers = @Header(name = "Location", ref = "Location"),
      content = @Content(schema = @Schema(implementation = PreviewRead.class)))
  public RestResponse<PreviewRead> preview(
      @PathParam("uid") String uid,
      @NotNull(message = "a request body is required") @Valid DeploymentUpdate body,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @Context UriInfo uri)
      throws InterruptedException {
    var id = previews.request(uid, body, ifMatch);
    var preview = previews.await(uid, id);
    var location = uri.getBaseUriBuilder().path("deployments/{uid}/previews/{id}").build(uid, id);
    return RestResponse.ResponseBuilder.<PreviewRead>create(preview.isPending() ? 202 : 200)
        .entity(preview)
        .location(location)
        .build();
  }

  @GET
  @Path("previews/{id}")
  @Operation(
      operationId = "getDeploymentPreview",
      summary = "Read a preview",
      description =
          "Status pending until the reconciler has rendered it. Previews are pruned some time"
              + " after they were asked for (app.previews.retention of the reconciler).")
  @APIResponse(responseCode = "200", description = "The preview")
  public PreviewRead get(@PathParam("uid") String uid, @PathParam("id") long id) {
    return previews.get(uid, id);
  }
}
