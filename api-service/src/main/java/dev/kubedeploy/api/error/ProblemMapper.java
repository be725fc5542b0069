package dev.kubedeploy.api.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.kubedeploy.model.PersistentEnum;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.PersistenceException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one exception mapper of the API: every failure becomes an RFC 9457 problem document. Bad
 * input never answers 500 and no answer carries a stack trace.
 *
 * <p>Status codes: 400 when the request cannot be read (malformed JSON, a wrong JSON type, an
 * unknown enum value, a bad cursor); 422 when it was read but breaks a rule (bean validation,
 * schemas, immutable fields); 401, 403, 404, 409, 412 and 413 as their names say.
 */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  private static final String NUMBER_DOES_NOT_FIT =
      "number does not fit: NaN, infinities and numbers outside the member's range are refused";

  private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  /** How a failed read names the JSON type it wanted. */
  private static final Map<Class<?>, String> JSON_TYPES =
      Map.ofEntries(
          Map.entry(Integer.class, "an integer"),
          Map.entry(int.class, "an integer"),
          Map.entry(Long.class, "an integer"),
          Map.entry(long.class, "an integer"),
          Map.entry(BigInteger.class, "an integer"),
          Map.entry(BigDecimal.class, "a number"),
          Map.entry(Double.class, "a number"),
          Map.entry(double.class, "a number"),
          Map.entry(Boolean.class, "true or false"),
          Map.entry(boolean.class, "true or false"),
          Map.entry(String.class, "a string"));

  @ServerExceptionMapper
  public Response apiException(ApiException e) {
    return problem(e.status(), e.kind(), e.title(), e.getMessage(), e.errors());
  }

  @ServerExceptionMapper
  public Response constraintViolations(ConstraintViolationException e) {
    var errors =
        e.getConstraintViolations().stream()
            .map(v -> FieldError.forField(fieldOf(v), v.getMessage()))
            .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
            .toList();
    return apiException(new InvalidInputException(errors));
  }

  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e) {
    if (isNumberThatDoesNotFit(e)) {
      return apiException(new InvalidInputException(pathOf(e), NUMBER_DOES_NOT_FIT));
    }
    return apiException(new MalformedRequestException(pathOf(e), expectation(e)));
  }

  @ServerExceptionMapper
  public Response webApplicationException(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return apiException(unreadableJson(json));
    }
    var status = e.getResponse().getStatusInfo();
    return problem(
        status.getStatusCode(),
        kindOf(status.getReasonPhrase()),
        status.getReasonPhrase(),
        status.getReasonPhrase() + ".",
        List.of());
  }

  @ServerExceptionMapper({
    UnauthorizedException.class,
    AuthenticationFailedException.class,
    AuthenticationCompletionException.class
  })
  public Response unauthenticated() {
    return Response.fromResponse(
            problem(
                401,
                "unauthorized",
                "Unauthorized",
                "A valid bearer token is required.",
                List.of()))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return apiException(new AccessDeniedException("The caller may not do this."));
  }

  @ServerExceptionMapper
  public Response persistenceFailure(PersistenceException e) {
    return UniqueConstraints.conflict(e).map(this::apiException).orElseGet(() -> unexpected(e));
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    LOG.error("request failed", e);
    return problem(
        500, "internal-error", "Internal error", "The request failed; it was logged.", List.of());
  }

  private static Response problem(
      int status, String kind, String title, String detail, List<FieldError> errors) {
    return Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(new Problem(Problem.type(kind), title, status, detail, errors))
        .build();
  }

  private static ApiException unreadableJson(JsonProcessingException e) {
    if (e instanceof JsonMappingException mapping
        && !mapping.getPath().isEmpty()
        && isNumberThatDoesNotFit(mapping)) {
      return new InvalidInputException(pathOf(mapping), NUMBER_DOES_NOT_FIT);
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      return new MalformedRequestException(pathOf(mapping), mapping.getOriginalMessage());
    }
    var location = e.getLocation();
    var where =
        location == null
            ? ""
            : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    var what = e instanceof JsonParseException ? "is not valid JSON" : "cannot be read";
    return new MalformedRequestException(null, "the body " + what + where);
  }

  /**
   * Whether Jackson failed on a number that is valid JSON (or NaN and Infinity, which the API reads
   * so as to refuse them by rule) but does not fit the member: 422, not a malformed request.
   */
  private static boolean isNumberThatDoesNotFit(JsonMappingException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InputCoercionException) {
        return true;
      }
      if (cause instanceof NumberFormatException) {
        return true;
      }
      if (cause instanceof InvalidFormatException format
          && format.getValue() instanceof Double number
          && !Double.isFinite(number)) {
        return true;
      }
    }
    try {
      return e.getProcessor() instanceof JsonParser parser
          && parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT
          && (parser.isNaN() || !Double.isFinite(parser.getDoubleValue()));
    } catch (IOException | RuntimeException ignored) {
      return false;
    }
  }

  private static String kindOf(String reasonPhrase) {
    return reasonPhrase.toLowerCase().replaceAll("[^a-z0-9]+", "-");
  }

  /** The dotted JSON path of the value Jackson could not read, as the client wrote it. */
  private static String pathOf(JsonMappingException e) {
    var path = new StringBuilder();
    for (var reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "body" : path.toString();
  }

  private static String expectation(MismatchedInputException e) {
    var target = e.getTargetType();
    if (target != null && target.isEnum() && PersistentEnum.class.isAssignableFrom(target)) {
      var allowed =
          Arrays.stream(target.getEnumConstants())
              .map(c -> ((PersistentEnum) c).value())
              .collect(Collectors.joining(", "));
      var given = e instanceof InvalidFormatException format ? "'" + format.getValue() + "' " : "";
      return given + "is not one of: " + allowed;
    }
    return "must be " + JSON_TYPES.getOrDefault(target, describe(target));
  }

  private static String describe(Class<?> target) {
    if (target == null) {
      return "of another type";
    }
    if (target.isArray() || Collection.class.isAssignableFrom(target)) {
      return "an array";
    }
    return "a JSON object";
  }

  /** The snake_case request field a violation is about: property path after the parameter. */
  private static String fieldOf(ConstraintViolation<?> violation) {
    var properties = new StringBuilder();
    String parameter = null;
    for (var node : violation.getPropertyPath()) {
      if (node.getKind() == ElementKind.PARAMETER) {
        parameter = node.getName();
      } else if (node.getKind() == ElementKind.PROPERTY
          || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
        if (node.getName() != null) {
          properties
              .append(properties.isEmpty() ? "" : ".")
              .append(SNAKE_CASE.translate(node.getName()));
        }
        if (node.getIndex() != null) {
          properties.append('[').append(node.getIndex()).append(']');
        }
      }
    }
    if (!properties.isEmpty()) {
      return properties.toString();
    }
    return parameter == null ? "body" : SNAKE_CASE.translate(parameter);
  }
}
