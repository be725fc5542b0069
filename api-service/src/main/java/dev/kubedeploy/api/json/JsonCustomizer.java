package dev.kubedeploy.api.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Adds the model's enum form to the ObjectMapper that Quarkus REST uses. */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.registerModule(new PersistentEnumModule());
  }
}
