package dev.signinflow.engine;

import java.util.Optional;

/** The fields of a custom sign-in form that errors can belong to, as Clerk's UI groups them. */
public enum FormField {
  IDENTIFIER("identifier"),
  PASSWORD("password"),
  CODE("code");

  private final String paramName;

  FormField(String paramName) {
    this.paramName = paramName;
  }

  /** The {@code meta.param_name} Clerk uses for this field. */
  public String paramName() {
    return paramName;
  }

  /** The field with this {@code param_name}, if it is one of the form's fields. */
  public static Optional<FormField> forParamName(String paramName) {
    for (FormField f : values()) {
      if (f.paramName.equals(paramName)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
