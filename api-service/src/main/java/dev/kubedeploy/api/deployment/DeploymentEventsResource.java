package dev.kubedeploy.api.deployment;

import dev.kubedeploy.api.page.Page;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A deployment's recent events. */
@Path("/deployments/{uid}/events")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Deployments")
public class DeploymentEventsResource {

  private final DeploymentEvents events;

  DeploymentEventsResource(DeploymentEvents events) {
    this.events = events;
  }

  @GET
  @Operation(
      operationId = "listDeploymentEvents",
      summary = "The deployment's recent events, newest first",
      description =
          "The platform's history (source platform: each status change with a type and a stable"
              + " reason code, also written to the cluster as Events on the deployment's"
              + " namespace) merged with the cluster's Events of that namespace (source cluster:"
              + " the kubelet's and controllers' own reasons, mirrored by the reconciler, the"
              + " newest few per deployment), newest first. A repeated cluster event is one item"
              + " with its count, at its last occurrence.")
  @APIResponse(responseCode = "200", description = "One page")
  public Page<EventRead> events(
      @PathParam("uid") String uid,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return events.recent(uid, limit, cursor);
  }
}
