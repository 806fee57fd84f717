package dev.signinflow.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The errors of one step, grouped as Clerk's custom-flow UI groups them: errors whose {@code
 * meta.param_name} names a {@link FormField} belong to that field, all others are global.
 *
 * <p>Immutable and thread-safe.
 */
public final class FlowErrors {
  private static final FlowErrors NONE = new FlowErrors(List.of());

  private final List<ClerkError> all;

  private FlowErrors(List<ClerkError> all) {
    this.all = all;
  }

  /** No errors. */
  public static FlowErrors none() {
    return NONE;
  }

  /** These errors, in order. */
  public static FlowErrors of(List<ClerkError> errors) {
    requireNonNull(errors, "errors");
    return errors.isEmpty() ? NONE : new FlowErrors(List.copyOf(errors));
  }

  /** True when the step had no error. */
  public boolean isEmpty() {
    return all.isEmpty();
  }

  /** Every error, in the order the server (or the engine) gave them. */
  public List<ClerkError> all() {
    return all;
  }

  /** The first error, which is what Clerk's own clients show when they show one. */
  public Optional<ClerkError> first() {
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** The errors that belong to this field. */
  public List<ClerkError> field(FormField field) {
    requireNonNull(field, "field");
    return all.stream().filter(e -> fieldOf(e).filter(field::equals).isPresent()).toList();
  }

  /** The errors that belong to no field of the form. */
  public List<ClerkError> global() {
    return all.stream().filter(e -> fieldOf(e).isEmpty()).toList();
  }

  /** True when an error with this code is among them. */
  public boolean has(String code) {
    requireNonNull(code, "code");
    return all.stream().anyMatch(e -> e.code().equals(code));
  }

  private static Optional<FormField> fieldOf(ClerkError e) {
    return e.paramName().flatMap(FormField::forParamName);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowErrors && ((FlowErrors) o).all.equals(all);
  }

  @Override
  public int hashCode() {
    return all.hashCode();
  }

  @Override
  public String toString() {
    return all.isEmpty()
        ? "FlowErrors[]"
        : "FlowErrors" + all.stream().map(ClerkError::code).toList();
  }
}
