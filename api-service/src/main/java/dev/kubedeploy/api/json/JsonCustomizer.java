package dev.kubedeploy.api.json;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Adds the model's enum form to the ObjectMapper that Quarkus REST uses, and reads {@code NaN} and
 * {@code Infinity} as numbers so that the rules for numbers that do not fit can refuse them with
 * 422 and a pointer instead of a bare syntax error.
 */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.registerModule(new PersistentEnumModule());
    mapper.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
    // an integer member refuses 2.5, NaN and 1e400 instead of truncating them (NaN would be 0)
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
  }
}
