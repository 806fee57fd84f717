package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One way to pass the second step, as offered in a sign-in's {@code supported_second_factors}.
 *
 * @param strategy the strategy, {@link Strategy#UNKNOWN} when this version does not know it
 * @param rawStrategy the strategy's wire name exactly as the server sent it
 * @param id the {@code email_address_id} or {@code phone_number_id} the code goes to, if any
 * @param safeIdentifier the masked address or number the server shows, such as {@code
 *     a***@example.com}
 * @param primary whether the server marked it primary
 * @param isDefault whether the server marked it default
 */
public record Factor(
    Strategy strategy,
    String rawStrategy,
    Optional<String> id,
    Optional<String> safeIdentifier,
    boolean primary,
    boolean isDefault) {

  public Factor {
    requireNonNull(strategy, "strategy");
    requireNonNull(rawStrategy, "rawStrategy");
    requireNonNull(id, "id");
    requireNonNull(safeIdentifier, "safeIdentifier");
  }

  /** A factor with no destination, such as {@code totp} or {@code backup_code}. */
  public static Factor of(Strategy strategy) {
    return new Factor(
        strategy, strategy.wireName(), Optional.empty(), Optional.empty(), false, false);
  }

  /** A factor that sends to a destination, such as {@code email_code} to an email address id. */
  public static Factor of(Strategy strategy, String id, String safeIdentifier) {
    return new Factor(
        strategy,
        strategy.wireName(),
        Optional.of(requireNonNull(id, "id")),
        Optional.of(requireNonNull(safeIdentifier, "safeIdentifier")),
        false,
        false);
  }
}
