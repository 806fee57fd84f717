package dev.signinflow.testkit.explore;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequence of steps in a scenario, run as it is beside the exhaustive search ({@link
 * TransitionExplorer.Builder#sequences}): every invariant is checked after each step, its steps
 * count for coverage, and a differential run compares it over both gateways. The explorer also
 * hands one back per transition pair it took, the shortest it found ({@link
 * ExplorationReport#pairWitnesses()}): replayed, they take every pair again at a fraction of the
 * search's cost, which is how the differential run over HTTP takes every feasible pair.
 *
 * @param scenario the scenario the sequence starts in
 * @param actions the steps, in order
 * @param label what the sequence is for (the transition pair it takes, say); may be empty
 */
public record DirectedSequence(Scenario scenario, List<Action> actions, String label) {
  static final int FORMAT = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public DirectedSequence {
    requireNonNull(scenario, "scenario");
    actions = List.copyOf(actions);
    requireNonNull(label, "label");
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("a directed sequence needs at least one step");
    }
  }

  /** A sequence without a label. */
  public static DirectedSequence of(Scenario scenario, Action... actions) {
    return new DirectedSequence(scenario, List.of(actions), "");
  }

  /** These sequences as JSON ({@code {"format": 1, "sequences": [...]}}), one line each. */
  public static String toJson(List<DirectedSequence> sequences) {
    ObjectNode o = JSON.createObjectNode();
    o.put("format", FORMAT);
    ArrayNode all = o.putArray("sequences");
    for (DirectedSequence d : sequences) {
      ObjectNode n = all.addObject();
      n.put("label", d.label);
      n.put("scenario", d.scenario.name());
      ArrayNode a = n.putArray("actions");
      d.actions.forEach(x -> a.add(x.name()));
    }
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("directed sequences could not be written as JSON", e);
    }
  }

  /**
   * Reads sequences written by {@link #toJson}; their scenarios must be of the named settings
   * ({@link Scenario#of}).
   *
   * @throws IllegalArgumentException when the text is not such a list
   */
  public static List<DirectedSequence> fromJson(String json) {
    requireNonNull(json, "json");
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null
        || root.path("format").asInt() != FORMAT
        || !root.path("sequences").isArray()) {
      throw new IllegalArgumentException("not a list of directed sequences of format " + FORMAT);
    }
    List<DirectedSequence> out = new ArrayList<>();
    for (JsonNode n : root.get("sequences")) {
      String name = n.path("scenario").asText();
      Scenario scenario =
          Scenario.parse(name)
              .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + name));
      List<Action> actions = new ArrayList<>();
      for (JsonNode a : n.path("actions")) {
        actions.add(Action.valueOf(a.asText()));
      }
      out.add(new DirectedSequence(scenario, actions, n.path("label").asText("")));
    }
    return List.copyOf(out);
  }

  /** Reads the sequences of a class-path resource written by {@link #toJson}. */
  static List<DirectedSequence> fromResource(String name) {
    try (InputStream in = DirectedSequence.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + name);
      }
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + name, e);
    }
  }
}
