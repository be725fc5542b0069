package dev.kubedeploy.api.deployment;

import dev.kubedeploy.api.page.Page;
import dev.kubedeploy.api.page.PageRequest;
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

  private final DeploymentService deployments;

  DeploymentEventsResource(DeploymentService deployments) {
    this.deployments = deployments;
  }

  @GET
  @Operation(
      summary = "The deployment's recent events, newest first",
      description =
          "Each status change as an event with a type (Normal, Warning) and a stable reason code."
              + " The same changes reach the cluster as Events on the deployment's namespace.")
  @APIResponse(responseCode = "200", description = "One page")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "422", ref = "ValidationFailed")
  public Page<EventRead> events(
      @PathParam("uid") String uid,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    var history = deployments.history(uid, PageRequest.of(limit, cursor));
    return new Page<>(history.items().stream().map(EventRead::of).toList(), history.nextCursor());
  }
}
