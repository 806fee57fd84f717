/**
 * Spring Boot 4 auto-configuration of signinflow: the {@link dev.signinflow.engine.SignInEngine}
 * from {@code signinflow.*} properties ({@link dev.signinflow.spring.SignInFlowProperties}), its
 * stores, Micrometer metrics ({@link dev.signinflow.spring.SignInMetrics}) and an Actuator health
 * indicator for Clerk's Frontend API ({@link dev.signinflow.spring.FrontendApiHealthIndicator}).
 * docs/spring-boot.md is the guide.
 */
package dev.signinflow.spring;
