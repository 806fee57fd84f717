package dev.signinflow.store.redis;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that runs against real {@code redis-server} processes: skipped, with a message
 * that says why, when none is installed — except on CI ({@code CI=true}), where that is a failure,
 * since {@code .ci/run} installs it. The shared servers ({@link SharedRedis}) are stopped once
 * every test has run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealRedis.Condition.class)
@interface RealRedis {

  /** The condition and the clean-up. */
  final class Condition implements ExecutionCondition, BeforeAllCallback {
    private static final ExtensionContext.Namespace NS =
        ExtensionContext.Namespace.create(RealRedis.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (RedisServer.executable().isPresent()) {
        return ConditionEvaluationResult.enabled("redis-server is installed");
      }
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(
            "redis-server is not installed, and CI must run the Redis tests:"
                + " .ci/run installs it (apt-get install -y redis-server)");
      }
      return ConditionEvaluationResult.disabled(
          "redis-server is not installed (apt-get install -y redis-server):"
              + " the tests against real Redis are skipped");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      context
          .getRoot()
          .getStore(NS)
          .getOrComputeIfAbsent(
              SharedRedis.class, k -> new SharedRedis.Closer(), AutoCloseable.class);
    }
  }
}
