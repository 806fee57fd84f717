package dev.signinflow.testkit.explore;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a world's state into text two equivalent states share: the fake's digest, the flow's
 * snapshot and the explorer's ground truth, with the fake's random ids numbered in the order they
 * appear and instants made relative to the clock.
 *
 * <p>Instants are abstracted as far as the explorer's own steps can tell them apart. A past instant
 * older than every look-back (cooldowns, rate windows) is {@code @past}. A future instant (an
 * expiry, a lockout's end, a sign-in's lifetime) only matters through comparisons with the clock
 * after the moves still to come, and the clock moves only by the explorer's steps; so it is written
 * as its rank among every sum of at most {@code depth} such moves ({@code @f3}: after three of the
 * sums, before the fourth; {@code @f3=}: equal to the fourth). Two states that differ only within a
 * rank behave alike for every sequence the explorer can still take.
 */
final class StateKey {
  private static final Pattern EPOCH_MILLIS = Pattern.compile("(?<=[:\\[,])(\\d{13})(?=[,\\]}])");
  private static final Pattern RELATIVE = Pattern.compile("@([+-])(\\d+)");
  private static final Pattern ID =
      Pattern.compile("\\b(sia|sess|client|user|idn)_[0-9A-Za-z]{27}\\b");

  private StateKey() {}

  /** Every sum of at most {@code depth} of these clock moves, in milliseconds, ascending. */
  static long[] reachableOffsets(List<Duration> moves, int depth) {
    TreeSet<Long> sums = new TreeSet<>();
    sums.add(0L);
    for (int i = 0; i < depth; i++) {
      for (Long s : List.copyOf(sums)) {
        for (Duration m : moves) {
          sums.add(s + m.toMillis());
        }
      }
    }
    return sums.stream().mapToLong(Long::longValue).toArray();
  }

  static String of(
      String digest,
      String snapshotJson,
      String truth,
      Instant now,
      Duration horizon,
      long[] offsets) {
    long nowMs = now.toEpochMilli();
    Matcher m = EPOCH_MILLIS.matcher(snapshotJson);
    StringBuilder snapshot = new StringBuilder();
    while (m.find()) {
      long delta = Long.parseLong(m.group(1)) - nowMs;
      m.appendReplacement(snapshot, "@" + (delta >= 0 ? "+" : "") + delta);
    }
    m.appendTail(snapshot);
    String text = digest + "\n" + snapshot + "\n" + truth;

    long horizonMs = horizon.toMillis();
    Matcher r = RELATIVE.matcher(text);
    StringBuilder clamped = new StringBuilder();
    while (r.find()) {
      long ms = Long.parseLong(r.group(2));
      String replacement;
      if (r.group(1).equals("-")) {
        replacement = ms > horizonMs ? "@past" : r.group();
      } else if (offsets == null) {
        replacement = r.group();
      } else {
        int at = Arrays.binarySearch(offsets, ms);
        replacement = at >= 0 ? "@f" + at + "=" : "@f" + (-at - 1);
      }
      r.appendReplacement(clamped, Matcher.quoteReplacement(replacement));
    }
    r.appendTail(clamped);

    Map<String, String> ids = new HashMap<>();
    Matcher i = ID.matcher(clamped);
    StringBuilder out = new StringBuilder();
    while (i.find()) {
      String id = ids.computeIfAbsent(i.group(), k -> i.group(1) + "#" + ids.size());
      i.appendReplacement(out, id);
    }
    i.appendTail(out);
    return out.toString();
  }
}
