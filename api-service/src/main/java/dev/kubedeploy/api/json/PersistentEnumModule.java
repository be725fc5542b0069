package dev.kubedeploy.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.kubedeploy.model.PersistentEnum;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads and writes the model's enums as their stored values ({@code helm-chart}, {@code pending}),
 * the form the API documents. An unknown value fails as Jackson's InvalidFormatException, which the
 * problem mapper answers with 400 and the field.
 */
public class PersistentEnumModule extends SimpleModule {

  public PersistentEnumModule() {
    super("kubedeploy-persistent-enums");
    addSerializer(PersistentEnum.class, new ValueSerializer());
    setDeserializers(
        new SimpleDeserializers() {
          @Override
          public JsonDeserializer<?> findEnumDeserializer(
              Class<?> type, DeserializationConfig config, BeanDescription beanDesc) {
            return PersistentEnum.class.isAssignableFrom(type) ? new ValueDeserializer(type) : null;
          }
        });
  }

  private static final class ValueSerializer extends StdSerializer<PersistentEnum> {
    ValueSerializer() {
      super(PersistentEnum.class);
    }

    @Override
    public void serialize(PersistentEnum value, JsonGenerator generator, SerializerProvider unused)
        throws IOException {
      generator.writeString(value.value());
    }
  }

  private static final class ValueDeserializer extends StdScalarDeserializer<Object> {
    private final Class<?> type;

    ValueDeserializer(Class<?> type) {
      super(type);
      this.type = type;
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return context.handleUnexpectedToken(type, parser);
      }
      var text = parser.getText();
      for (var constant : type.getEnumConstants()) {
        if (((PersistentEnum) constant).value().equals(text)) {
          return constant;
        }
      }
      return context.handleWeirdStringValue(type, text, "not one of: " + allowed());
    }

    private String allowed() {
      return Arrays.stream(type.getEnumConstants())
          .map(c -> ((PersistentEnum) c).value())
          .collect(Collectors.joining(", "));
    }
  }
}
