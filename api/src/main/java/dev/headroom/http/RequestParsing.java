package dev.headroom.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.headroom.policy.RoomNames;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Turns a request for a room into an {@link AssignRequest}: query parameters, a JSON body or a
 * form body, a body size limit, and the room-name rule. Every refusal is an {@link ApiError}
 * with a sentence naming what was wrong. Thread-safe (the JSON reader is immutable once built).
 */
final class RequestParsing {
  /** Largest request body accepted on {@code /assign}. */
  static final int MAX_BODY_BYTES = 16 * 1024;

  static final String BODY_TOO_LARGE = "The request body is larger than 16 KiB.";

  private final ObjectMapper json;
  private final BooleanSupplier shuttingDown;

  /** @param shuttingDown whether the server is stopping (a cut body is then not the client's fault) */
  RequestParsing(BooleanSupplier shuttingDown) {
    this.shuttingDown = shuttingDown;
    this.json = JsonMapper.builder().build();
    this.json
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(MAX_BODY_BYTES).build());
  }

  /** The JSON mapper every answer is written with. */
  ObjectMapper json() {
    return json;
  }

  /**
   * A room request: {@code room} already normalised (or null for a generated room), {@code region}
   * as asked (or null for any).
   */
  record AssignRequest(String room, String region) {}

  /** Reads {@code POST /assign}: query parameters, overridden by a JSON or form body. */
  AssignRequest assignRequest(Context ctx) {
    String room = blankToNull(ctx.queryParam("room"));
    String region = blankToNull(ctx.queryParam("region"));
    byte[] body = readBody(ctx);
    if (body.length > 0) {
      String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
      // curl -d sends JSON labelled as a form: a body that opens like JSON is read as JSON.
      boolean looksLikeJson = firstNonBlank(body) == '{' || firstNonBlank(body) == '[';
      if (type.startsWith("application/x-www-form-urlencoded") && !looksLikeJson) {
        Map<String, String> form = parseForm(body);
        room = form.containsKey("room") ? blankToNull(form.get("room")) : room;
        region = form.containsKey("region") ? blankToNull(form.get("region")) : region;
      } else if (!isBlank(body)) {
        JsonNode node;
        try {
          node = json.readTree(body);
        } catch (JacksonException e) {
          throw new ApiError(400, "bad_request", "The request body is not valid JSON.");
        } catch (IOException e) {
          throw new ApiError(400, "bad_request", "The request body could not be read.");
        }
        if (node == null || !node.isObject()) {
          throw new ApiError(
              400, "bad_request", "The request body must be a JSON object like {\"room\": \"team-sync\"}.");
        }
        if (node.has("room")) {
          room = blankToNull(textField(node, "room"));
        }
        if (node.has("region")) {
          region = blankToNull(textField(node, "region"));
        }
      }
    }
    if (room != null) {
      room = roomName(room);
    }
    if (region != null && region.length() > 64) {
      throw new ApiError(400, "unknown_region", "There is no region with such a long name.");
    }
    return new AssignRequest(room, region);
  }

  /** A requested room name checked against the rule and folded to lower case. */
  static String roomName(String requested) {
    return RoomNames.normalise(requested)
        .orElseThrow(
            () ->
                new ApiError(
                    400,
                    "invalid_room",
                    requested.length() > 64
                        ? "A room name can be at most 64 characters long."
                        : "A room name may contain only letters, digits, '-' and '_'."));
  }

  private static String textField(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ApiError(400, "bad_request", "The field \"" + field + "\" must be a string.");
    }
    return v.asText();
  }

  /**
   * Reads at most 16 KiB. A larger body is refused with 400 through {@link LingeringClose}: the
   * answer goes out first, then the rest of the body is read and discarded for a bounded time, so
   * the client, still sending, reads the answer instead of a connection reset.
   */
  private byte[] readBody(Context ctx) {
    try (InputStream in = ctx.req().getInputStream()) {
      long declared = ctx.req().getContentLengthLong();
      byte[] body = declared > MAX_BODY_BYTES ? new byte[MAX_BODY_BYTES + 1] : in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        LingeringClose.answerThenDiscard(ctx, 400, errorBody("bad_request", BODY_TOO_LARGE), in);
        throw new ApiError(400, "bad_request", BODY_TOO_LARGE);
      }
      return body;
    } catch (IOException e) {
      if (shuttingDown.getAsBoolean()) {
        // The connection is being closed under a request whose body was still arriving: not the
        // client's fault, and another replica will take the retry.
        throw new ApiError(503, "unavailable", "This server is restarting. Please try again.", 1);
      }
      throw new ApiError(400, "bad_request", "The request body could not be read.");
    }
  }

  private byte[] errorBody(String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> parseForm(byte[] body) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ApiError(400, "bad_request", "The request body is not valid UTF-8.");
    }
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        form.putIfAbsent(k, v);
      } catch (IllegalArgumentException e) {
        throw new ApiError(400, "bad_request", "The form body is not validly encoded.");
      }
    }
    return form;
  }

  private static int firstNonBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b;
      }
    }
    return -1;
  }

  private static boolean isBlank(byte[] body) {
    return firstNonBlank(body) == -1;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
