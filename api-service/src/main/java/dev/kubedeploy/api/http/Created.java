package dev.kubedeploy.api.http;

import java.net.URI;
import org.jboss.resteasy.reactive.RestResponse;

/** The answer to a create: 201 with the new resource's {@code Location} and its representation. */
public final class Created {

  private Created() {}

  public static <T> RestResponse<T> at(URI location, T entity) {
    return RestResponse.ResponseBuilder.<T>created(location).entity(entity).build();
  }
}
