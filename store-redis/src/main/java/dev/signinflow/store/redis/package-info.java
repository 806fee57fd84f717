/**
 * signinflow's stores on Redis, for a service that runs on more than one node: {@link
 * dev.signinflow.store.redis.RedisFlowStore} (flows by id, leased and saved by compare-and-set
 * under a fence), {@link dev.signinflow.store.redis.RedisClientTokenStore} (one client token per
 * device) and {@link dev.signinflow.store.redis.RedisSessionTokenCache} (each device's last session
 * JWT), the tokens sealed at rest with a {@link dev.signinflow.store.redis.TokenKeyring}. All run
 * over a Lettuce connection the application opens, to one server or to a Redis Cluster. See {@code
 * docs/redis.md}.
 */
package dev.signinflow.store.redis;
