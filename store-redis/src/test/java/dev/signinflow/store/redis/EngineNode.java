package dev.signinflow.store.redis;

import dev.signinflow.engine.DeviceId;
import dev.signinflow.engine.FlowId;
import dev.signinflow.engine.MutableClock;
import dev.signinflow.engine.SignInEngine;
import dev.signinflow.engine.SignInFlow;
import dev.signinflow.engine.StepResult;
import dev.signinflow.transport.feign.FeignSignInGateway;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * One node of a service, in a JVM of its own, for {@link TwoNodeProcessesTest}: an engine over the
 * emulator (Feign) with its flows and tokens on Redis. It reads one command a line on standard
 * input and answers on standard output:
 *
 * <pre>
 * start DEVICE                   → OK FLOW_ID
 * password FLOW_ID EMAIL PASS    → RESULT KIND STATE   (PASS is the rest of the line)
 * code FLOW_ID CODE              → RESULT KIND STATE
 * arm                            → OK     (the next code attempt's answer is held: HELD when it is)
 * open                           → OK     (lets a held answer go on; disarms)
 * burst FLOW_ID N CODE           → OK, N × RESULT KIND STATE as they come, DONE ATTEMPTS_MADE
 * quit                           → (exits)
 * </pre>
 *
 * <p>Arguments: the Redis URI, the emulator's URL, the key prefix, the keyring's key (base64), the
 * instant its clock stands at. It stops by itself after 5 minutes at most.
 */
public final class EngineNode {

  private EngineNode() {}

  public static void main(String[] args) throws Exception {
    // An orphan never outlives the test JVM that started it: when that process ends, so does this.
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));

    RedisClient client = RedisClient.create(SharedRedis.resources(), RedisURI.create(args[0]));
    client.setOptions(SharedRedis.options());
    StatefulRedisConnection<String, String> connection = client.connect();
    TokenKeyring keys = TokenKeyring.of("k1", Base64.getDecoder().decode(args[3]));
    Gate gate = new Gate();
    SignInEngine engine =
        SignInEngine.builder()
            .gateway(gate.around(FeignSignInGateway.builder().frontendApi(args[1]).build()))
            .clock(MutableClock.at(Instant.parse(args[4])))
            .flowStore(RedisFlowStore.builder(connection).keyPrefix(args[2]).build())
            .clientTokenStore(
                RedisClientTokenStore.builder(connection, keys).keyPrefix(args[2]).build())
            .build();
    say("READY");

    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] c = line.split(" ", 4); // a password, last, may hold spaces
      switch (c[0]) {
        case "start" -> say("OK " + engine.startFlow(DeviceId.of(c[1])).id().orElseThrow().value());
        case "password" -> say(result(flow(engine, c[1]).map(f -> f.submitPassword(c[2], c[3]))));
        case "code" -> say(result(flow(engine, c[1]).map(f -> f.verifyCode(c[2]))));
        case "arm" -> {
          gate.arm();
          Thread watcher =
              new Thread(
                  () -> {
                    try {
                      if (gate.awaitHeld(120)) {
                        say("HELD");
                      }
                    } catch (InterruptedException e) {
                      // the node is stopping
                    }
                  });
          watcher.setDaemon(true);
          watcher.start();
          say("OK");
        }
        case "open" -> {
          gate.disarm();
          gate.open();
          say("OK");
        }
        case "burst" -> {
          CountDownLatch go = burst(engine, gate, c[1], Integer.parseInt(c[2]), c[3]);
          say("OK");
          go.countDown();
        }
        case "quit" -> {
          connection.close();
          client.shutdown();
          SharedRedis.resources().shutdown();
          System.exit(0);
        }
        default -> say("ERROR unknown command " + c[0]);
      }
    }
    System.exit(0);
  }

  private static Optional<SignInFlow> flow(SignInEngine engine, String id) {
    return engine.flow(FlowId.of(id));
  }

  private static String result(Optional<StepResult> r) {
    return r.map(s -> "RESULT " + s.kind() + " " + s.state()).orElse("RESULT NOT_FOUND -");
  }

  /**
   * Readies n events on threads of their own, run at once when the latch returned is counted down;
   * reports each, then DONE with the code attempts made meanwhile.
   */
  private static CountDownLatch burst(
      SignInEngine engine, Gate gate, String id, int n, String code) {
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(n);
    int attemptsBefore = gate.attempts();
    for (int i = 0; i < n; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  say(result(flow(engine, id).map(f -> f.verifyCode(code))));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                  say("RESULT THREW " + e.getClass().getSimpleName());
                } finally {
                  done.countDown();
                }
              });
      t.setDaemon(true);
      t.start();
    }
    Thread reporter =
        new Thread(
            () -> {
              try {
                done.await();
                say("DONE " + (gate.attempts() - attemptsBefore));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    reporter.setDaemon(true);
    reporter.start();
    return start;
  }

  private static void say(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }
}
