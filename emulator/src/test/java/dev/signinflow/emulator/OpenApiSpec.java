package dev.signinflow.emulator;

import static java.util.Objects.requireNonNull;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.whitelist.rule.WhitelistRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Clerk's own OpenAPI description of the Frontend API ({@code fapi-2026-05-12.yml}), as a validator
 * of requests and responses: the emulator's wire-format tests and the Feign transport's request
 * tests run every exchange through it.
 *
 * <p>The file is read from {@code ../shared/clerk-fapi-openapi/} beside the repository root (the
 * folder holding {@code mvnw}) and is never copied into the project. It is parsed once per JVM (a
 * few seconds) and normalised in memory where the validator cannot read Clerk's constructs; see
 * {@link #normalise}. When the file is absent, {@link #get()} skips the calling test: CI checks for
 * the file separately and fails without it.
 *
 * <p>Thread-safe once loaded.
 */
public final class OpenApiSpec {
  /** The spec's file name: the API version it describes. */
  public static final String FILE_NAME = "fapi-2026-05-12.yml";

  /** How far up from the working directory the repository root is looked for. */
  private static final int MAX_PARENTS = 16;

  private static final Object LOCK = new Object();
  private static OpenApiSpec shared;

  private final OpenAPI api;
  private final OpenApiInteractionValidator validator;
  private final SchemaValidator schemas;

  private OpenApiSpec(OpenAPI api) {
    this.api = api;
    LevelResolver levels = levels();
    this.validator =
        OpenApiInteractionValidator.createFor(api)
            .withLevelResolver(levels)
            .withWhitelist(whitelist())
            .build();
    this.schemas = new SchemaValidator(api, new MessageResolver(levels));
  }

  /**
   * The spec, loaded on first use; skips the calling test (a JUnit assumption) when the file is
   * absent.
   *
   * @throws IllegalStateException when the file is there but cannot be parsed
   */
  public static OpenApiSpec get() {
    Optional<Path> file = locate();
    Assumptions.assumeTrue(
        file.isPresent(),
        "Clerk's OpenAPI spec was not found: expected "
            + FILE_NAME
            + " in shared/clerk-fapi-openapi/ beside the repository root (the folder with mvnw),"
            + " looked up from "
            + Path.of("").toAbsolutePath()
            + ". The wire-format tests need it; CI fails without it.");
    synchronized (LOCK) {
      if (shared == null) {
        shared = load(file.get());
      }
      return shared;
    }
  }

  /**
   * Where the spec is: {@code <root>/../shared/clerk-fapi-openapi/fapi-2026-05-12.yml}, {@code
   * <root>} being the nearest folder at or above the working directory that holds {@code mvnw}.
   */
  public static Optional<Path> locate() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < MAX_PARENTS && dir != null; i++, dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        Path parent = dir.getParent();
        if (parent == null) {
          return Optional.empty();
        }
        Path spec = parent.resolve("shared").resolve("clerk-fapi-openapi").resolve(FILE_NAME);
        return Files.isRegularFile(spec) ? Optional.of(spec) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Validates one request as a client would send it to FAPI: path, query, headers and form body.
   * The Feign transport's tests run this on every request they send.
   *
   * @param method the HTTP method, such as {@code POST}
   * @param path the path without query, such as {@code /v1/client/sign_ins}
   * @param query the query parameters, each with its values
   * @param headers the request headers, each with its values ({@code Content-Type} included)
   * @param formBody the {@code application/x-www-form-urlencoded} body, or null for none
   * @return the validator's report; {@link ValidationReport#hasErrors()} says whether it failed
   */
  public static ValidationReport validateRequest(
      String method,
      String path,
      Map<String, List<String>> query,
      Map<String, List<String>> headers,
      String formBody) {
    return get().validator.validateRequest(request(method, path, query, headers, formBody));
  }

  /** A request in the validator's model; the arguments are those of {@link #validateRequest}. */
  public static Request request(
      String method,
      String path,
      Map<String, List<String>> query,
      Map<String, List<String>> headers,
      String formBody) {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(query, "query");
    requireNonNull(headers, "headers");
    SimpleRequest.Builder b =
        new SimpleRequest.Builder(Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), path);
    query.forEach(b::withQueryParam);
    headers.forEach(b::withHeader);
    if (formBody != null) {
      b.withBody(formBody);
    }
    return b.build();
  }

  /** Validates a request and the response it got. */
  public ValidationReport validate(Request request, Response response) {
    return validator.validate(request, response);
  }

  /** Validates a response to this method and path (the real path, ids included). */
  public ValidationReport validateResponse(String path, Request.Method method, Response response) {
    return validator.validateResponse(path, method, response);
  }

  /**
   * Validates a JSON document against one of the spec's component schemas, such as {@code
   * ClerkErrors}: for answers to requests the spec has no operation for (an unknown path, a wrong
   * method).
   */
  public ValidationReport validateAgainstSchema(String componentName, String json) {
    @SuppressWarnings("rawtypes")
    Schema schema = api.getComponents().getSchemas().get(componentName);
    if (schema == null) {
      throw new IllegalArgumentException("no component schema named " + componentName);
    }
    return schemas.validate(json, schema, "response.body");
  }

  /**
   * The levels of the validator's messages: every message is an error except this one rule, which
   * is downgraded to IGNORE.
   *
   * <p>{@code validation.schema.additionalProperties} is not JSON Schema's {@code
   * additionalProperties}: it is the validator's own rule that treats every object schema
   * <em>without</em> an {@code additionalProperties} keyword as closed. OpenAPI's default is open;
   * Clerk's spec closes the objects it means to close ({@code additionalProperties: false} on the
   * sign-in, public user data, token, factor, the environment's parts: 239 places), and those stay
   * errors, reported as {@code validation.response.body.schema.additionalProperties}. The rule
   * would also break every {@code allOf}: {@code Client.Session-2} is {@code SessionBase-2} plus
   * more properties (spec lines 12553-12588), and each half would reject the other's fields.
   */
  public static LevelResolver levels() {
    return LevelResolver.create()
        .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
        .build();
  }

  /**
   * Two request-side messages that are never a client's mistake, each matched by key and text
   * (narrower than a level, which would silence the key for every parameter or field):
   *
   * <ul>
   *   <li>{@code validation.request.parameter.query.unexpected} for {@code __clerk_api_version}:
   *       the spec documents no version parameter at all, yet it is how clerk-js and third-party
   *       clients pin the API version (fapi-protocol.md §1.3; the spec's own file name is that
   *       version). Any other unexpected query parameter stays an error.
   *   <li>{@code validation.request.body.schema.type} where a form field the spec types as a string
   *       was read as a number or a boolean: the validator guesses JSON types when it turns a form
   *       body into JSON, so a phone number ({@code identifier=+15555550123}) or a code ({@code
   *       code=123456}) becomes an integer. A form value is always text on the wire.
   * </ul>
   */
  static ValidationErrorsWhitelist whitelist() {
    return ValidationErrorsWhitelist.create()
        .withRule(
            "__clerk_api_version pins the API version (fapi-protocol.md §1.3)",
            WhitelistRules.allOf(
                WhitelistRules.isRequest(),
                WhitelistRules.messageHasKey("validation.request.parameter.query.unexpected"),
                WhitelistRules.messageContainsSubstring("'__clerk_api_version'")))
        .withRule(
            "form values are text: the validator's number/boolean guess is not the client's",
            WhitelistRules.allOf(
                WhitelistRules.isRequest(),
                WhitelistRules.messageHasKey("validation.request.body.schema.type"),
                WhitelistRules.messageContainsRegexp(
                    "Instance type \\((integer|number|boolean)\\) does not match any allowed"
                        + " primitive type \\(allowed: \\[(\"null\",)?\"string\"]\\)")));
  }

  // ---- loading --------------------------------------------------------------------------------

  private static OpenApiSpec load(Path file) {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode root;
    try {
      root = yaml.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    ObjectNode schemas = (ObjectNode) root.path("components").path("schemas");
    normalise(root, schemas, 0);
    String json;
    try {
      json = new ObjectMapper().writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ParseOptions options = new ParseOptions();
    // The validator's own defaults (OpenApiInteractionValidator.Builder.defaultParseOptions).
    options.setResolve(true);
    options.setResolveFully(true);
    options.setResolveCombinators(false);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json, null, options);
    if (parsed.getOpenAPI() == null) {
      throw new IllegalStateException(
          "Clerk's OpenAPI spec at " + file + " did not parse: " + parsed.getMessages());
    }
    return new OpenApiSpec(parsed.getOpenAPI());
  }

  /**
   * Rewrites, in memory, the two constructs of Clerk's spec that the validator misreads.
   *
   * <ul>
   *   <li>{@code discriminator} (one, on {@code verification} of an external account, line 10462):
   *       the validator rejects the whole spec because the property is not required in every
   *       branch. Dropped; {@code oneOf} still decides.
   *   <li>{@code nullable: true} beside {@code allOf}/{@code oneOf}: the validator applies the
   *       combinator to {@code null} and fails, so every {@code null} sign-in, verification or
   *       session would be an error. {@code {nullable, allOf: [$ref X]}} becomes a copy of X with
   *       {@code nullable: true}; any other combination becomes {@code {anyOf: [<it without
   *       nullable>, null]}}.
   * </ul>
   */
  static void normalise(JsonNode node, ObjectNode schemas, int depth) {
    if (depth > 200) {
      throw new IllegalStateException("the spec nests deeper than 200 levels");
    }
    if (node instanceof ArrayNode array) {
      for (JsonNode item : array) {
        normalise(item, schemas, depth + 1);
      }
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    object.remove("discriminator");
    if (object.path("nullable").asBoolean(false)) {
      rewriteNullableCombinator(object, schemas);
    }
    List<JsonNode> children = new ArrayList<>();
    for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
      children.add(it.next());
    }
    for (JsonNode child : children) {
      normalise(child, schemas, depth + 1);
    }
  }

  private static void rewriteNullableCombinator(ObjectNode object, ObjectNode schemas) {
    JsonNode allOf = object.get("allOf");
    if (allOf != null
        && allOf.size() == 1
        && allOf.get(0).has("$ref")
        && !object.has("properties")
        && !object.has("oneOf")
        && !object.has("anyOf")) {
      JsonNode target = resolve(allOf.get(0).get("$ref").asText(), schemas);
      if (target != null && target.has("type") && !target.has("allOf")) {
        object.removeAll();
        object.setAll((ObjectNode) target.deepCopy());
        object.put("nullable", true);
        return;
      }
    }
    if (object.has("allOf") || object.has("oneOf") || object.has("anyOf")) {
      ObjectNode inner = object.deepCopy();
      inner.remove("nullable");
      ObjectNode nullOnly = JsonNodeFactory.instance.objectNode();
      nullOnly.put("type", "object");
      nullOnly.put("nullable", true);
      nullOnly.putArray("enum").addNull();
      object.removeAll();
      ArrayNode anyOf = object.putArray("anyOf");
      anyOf.add(inner);
      anyOf.add(nullOnly);
    }
  }

  private static JsonNode resolve(String ref, ObjectNode schemas) {
    String prefix = "#/components/schemas/";
    return ref.startsWith(prefix) ? schemas.get(ref.substring(prefix.length())) : null;
  }

  @Override
  public String toString() {
    return "OpenApiSpec[" + FILE_NAME + "]";
  }
}
