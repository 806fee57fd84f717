package dev.signinflow.emulator;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.signinflow.emulator.ControlPlane.BadControlRequest;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The control plane's JSON, bound to records with Jackson databind and strict like FAPI: an unknown
 * field, a duplicate key, trailing text, or a value of the wrong type (no coercion of {@code
 * "true"} to a boolean or {@code 1.5} to a whole number) is refused. Jackson's own wording (class
 * names, feature names) never reaches the caller: each failure is told in the input's terms, the
 * field named.
 *
 * <p>Thread-safe: the mapper is configured once.
 */
final class ControlJson {
  /** Bodies are small; a number longer than this is not a count or a time. */
  private static final int MAX_NUMBER_LENGTH = 20;

  private static final ObjectMapper MAPPER = mapper();
  private static final Pattern QUOTED = Pattern.compile("'([^']{1,40})'");

  private ControlJson() {}

  private static ObjectMapper mapper() {
    JsonMapper m =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    m.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_LENGTH).build());
    for (LogicalType t : List.of(LogicalType.Boolean, LogicalType.Integer, LogicalType.Float)) {
      m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
      m.coercionConfigFor(t).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    for (CoercionInputShape s :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      m.coercionConfigFor(LogicalType.Textual).setCoercion(s, CoercionAction.Fail);
    }
    m.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return m;
  }

  /**
   * Reads a body (an empty one is {@code {}}) as this record.
   *
   * @throws BadControlRequest 400 {@code malformed_request} when the text is not one JSON object,
   *     {@code form_param_unknown} for an unknown field, {@code form_param_format_invalid} for a
   *     value of the wrong type
   */
  static <T> T read(String body, Class<T> type) throws BadControlRequest {
    String text = body == null || body.isEmpty() ? "{}" : body;
    // Well-formed first (one object, no duplicate key, nothing after it), then bound: a body that
    // is not JSON is malformed whatever fields it would have held.
    JsonNode tree;
    try {
      tree = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadControlRequest(
          400,
          "malformed_request",
          "The body is not a JSON object: " + syntax(e) + location(e.getLocation()));
    }
    if (tree == null || !tree.isObject()) {
      throw new BadControlRequest(400, "malformed_request", "The body must be a JSON object");
    }
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      throw new BadControlRequest(
          400,
          "form_param_unknown",
          "unknown field '" + e.getPropertyName() + "'; known: " + known(e.getKnownPropertyIds()));
    } catch (MismatchedInputException e) {
      throw new BadControlRequest(400, "form_param_format_invalid", mustBe(e));
    } catch (JsonProcessingException e) {
      throw new BadControlRequest(
          400, "form_param_format_invalid", "a value in the body is not allowed");
    }
  }

  /** Writes a response record as JSON bytes. */
  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the control plane wrote an unwritable answer", e);
    }
  }

  private static String known(Collection<Object> ids) {
    return ids == null
        ? "[]"
        : ids.stream()
            .map(String::valueOf)
            .collect(Collectors.toCollection(TreeSet::new))
            .toString();
  }

  private static String mustBe(MismatchedInputException e) {
    String field = field(e);
    boolean inArray = e.getPath().stream().anyMatch(r -> r.getFieldName() == null);
    Class<?> t = e.getTargetType();
    String what;
    if (inArray || (t != null && Collection.class.isAssignableFrom(t))) {
      what = "an array of strings"; // every array the control plane takes holds strings
    } else if (t == Boolean.class || t == boolean.class) {
      what = "true or false";
    } else if (t == Long.class || t == long.class || t == Integer.class || t == int.class) {
      what = "a whole number";
    } else if (t == Double.class || t == double.class) {
      what = "a number";
    } else if (t == String.class) {
      what = "a string";
    } else {
      what = "a JSON object";
    }
    return field.isEmpty() ? "The body must be " + what : field + " must be " + what;
  }

  /** The field holding the offending value, such as {@code backup_codes}. */
  private static String field(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName());
      }
    }
    return b.toString();
  }

  /**
   * What is wrong with the text, in our words: the parser's own messages name its features and
   * classes, so only the offending token is taken from them.
   */
  private static String syntax(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return "a number is longer than " + MAX_NUMBER_LENGTH + " digits";
    }
    if (e instanceof JsonEOFException) {
      return "the text ends before the object does";
    }
    String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher quoted = QUOTED.matcher(m);
    String token = quoted.find() ? quoted.group(1) : null;
    if (m.startsWith("Duplicate field") && token != null) {
      return "the field '" + token + "' is given twice";
    }
    if (m.startsWith("Trailing token")) {
      return "there is more text after the object";
    }
    if (m.contains("Invalid UTF-8")) {
      return "the text is not valid UTF-8";
    }
    return token == null ? "unexpected text" : "unexpected '" + token + "'";
  }

  private static String location(JsonLocation at) {
    return at == null || at.getLineNr() < 0
        ? ""
        : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }
}
