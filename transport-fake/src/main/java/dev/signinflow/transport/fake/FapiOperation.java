package dev.signinflow.transport.fake;

/** The Frontend API operations a {@link FakeClerk} serves; faults are injected per operation. */
public enum FapiOperation {
  /** {@code GET /v1/environment}. */
  GET_ENVIRONMENT,
  /** {@code GET /v1/client}. */
  GET_CLIENT,
  /** {@code POST /v1/client/sign_ins}. */
  CREATE_SIGN_IN,
  /** {@code GET /v1/client/sign_ins/{id}}. */
  GET_SIGN_IN,
  /** {@code POST /v1/client/sign_ins/{id}/prepare_second_factor}. */
  PREPARE_SECOND_FACTOR,
  /** {@code POST /v1/client/sign_ins/{id}/attempt_second_factor}. */
  ATTEMPT_SECOND_FACTOR,
  /** {@code POST /v1/client/sessions/{id}/touch}. */
  TOUCH_SESSION,
  /** {@code POST /v1/client/sessions/{id}/tokens}. */
  CREATE_SESSION_TOKEN,
  /** {@code GET /v1/client/sessions/{id}}. */
  GET_SESSION,
  /** {@code POST /v1/client/sessions/{id}/end}. */
  END_SESSION,
  /** {@code POST /v1/client/sessions/{id}/remove}. */
  REMOVE_SESSION,
  /** {@code DELETE /v1/client/sessions}. */
  REMOVE_SESSIONS
}
