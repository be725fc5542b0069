package dev.kubedeploy.api.chartsource;

import dev.kubedeploy.api.http.Created;
import dev.kubedeploy.api.security.AdminOnly;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Private chart sources: logins and CA bundles template versions name in {@code chart_source}. */
@Path("/chart-sources")
@Authenticated
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "ChartSources")
public class ChartSourcesResource {

  private final ChartSourceService sources;

  ChartSourcesResource(ChartSourceService sources) {
    this.sources = sources;
  }

  @POST
  @Operation(
      operationId = "createChartSource",
      summary = "Register a private chart source (admin); its secret is never returned")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = ChartSourceRead.class)))
  public RestResponse<ChartSourceRead> create(
      @NotNull(message = "a request body is required") @Valid ChartSourceCreate body,
      @Context UriInfo uri) {
    var source = sources.create(body);
    return Created.at(uri.getAbsolutePathBuilder().path(source.name()).build(), source);
  }

  @GET
  @Operation(
      operationId = "listChartSources",
      summary = "List chart sources, without their secrets (admin)")
  @APIResponse(responseCode = "200", description = "Every chart source, by name")
  public List<ChartSourceRead> list() {
    return sources.list();
  }

  @GET
  @Path("{name}")
  @Operation(
      operationId = "getChartSource",
      summary = "Read a chart source, without its secret (admin)")
  @APIResponse(responseCode = "200", description = "The chart source")
  public ChartSourceRead get(@PathParam("name") String name) {
    return sources.get(name);
  }

  @PUT
  @Path("{name}")
  @Operation(
      operationId = "replaceChartSource",
      summary =
          "Replace a chart source's login and CA bundle (admin): to change a password, or to"
              + " re-encrypt it after a key rotation")
  @APIResponse(responseCode = "200", description = "The chart source")
  public ChartSourceRead replace(
      @PathParam("name") String name,
      @NotNull(message = "a request body is required") @Valid ChartSourceCreate body) {
    return sources.replace(name, body);
  }
}
