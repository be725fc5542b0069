package dev.kubedeploy.harness.server;

import com.fasterxml.jackson.databind.JsonNode;

/** A status code and a JSON body. */
record Reply(int code, JsonNode body) {

  static Reply ok(JsonNode body) {
    return new Reply(200, body);
  }
}
