package dev.signinflow.engine.internal;

/**
 * A text is not JSON that {@link Json} reads: the message says what is wrong and at which offset.
 * It quotes little of the text: one character, or a duplicated key cut to a few characters.
 */
final class JsonException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  JsonException(String problem, int offset) {
    super(problem + " at offset " + offset);
    this.offset = offset;
  }

  /** The index of the character where the problem was found (the text's length at its end). */
  int offset() {
    return offset;
  }
}
