package dev.kubedeploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubedeploy.client.ApiException;
import dev.kubedeploy.client.model.Problem;
import java.io.IOException;

/**
 * Turns a refused request into lines a person reads: the status, the problem's title and detail,
 * then one line per field at fault ({@code - target_replicas: must be ...}).
 */
public final class ProblemMessage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProblemMessage() {}

  /** The message for an exception of the generated client. */
  public static String of(ApiException e) {
    if (e.getCode() == 0) {
      return "cannot reach the API: " + rootMessage(e);
    }
    var problem = parse(e.getResponseBody());
    if (problem == null) {
      var body = e.getResponseBody() == null ? "" : e.getResponseBody().strip();
      return "the API answered " + e.getCode() + (body.isEmpty() ? "" : ": " + body);
    }
    return of(e.getCode(), problem);
  }

  /** The message for a problem document the API answered with {@code status}. */
  public static String of(int status, Problem problem) {
    var text = new StringBuilder("the API answered ").append(status);
    if (problem.getTitle() != null) {
      text.append(' ').append(problem.getTitle());
    }
    if (problem.getDetail() != null && !problem.getDetail().equals(problem.getTitle())) {
      text.append(": ").append(problem.getDetail());
    }
    if (problem.getErrors() != null) {
      for (var error : problem.getErrors()) {
        var where = error.getField() != null ? error.getField() : error.getPointer();
        text.append("\n  - ").append(where == null ? "" : where + ": ").append(error.getMessage());
      }
    }
    return text.toString();
  }

  private static Problem parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readValue(body, Problem.class);
    } catch (IOException e) {
      return null; // not a problem document (a proxy's page): shown as it came
    }
  }

  private static String rootMessage(Throwable e) {
    var cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
