package dev.haechi.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.security.Role;
import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.readers.IdentityDirectory;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 10's "retire means retired", on the retailer demo: the plan for the leaver's key rotates
 * the Vault transit key and raises its minimum versions past the exported one (against an in-test
 * stand-in that answers as Vault's documented transit API does), retires the kid from the JWKS so
 * that a token signed with the leaked key no longer verifies, opens the relying-party tasks with
 * their cache lifetime, rotates once however often it runs, and reverses to the stored
 * before-state.
 */
@Import(SecretRetirementTest.TestSecrets.class)
class SecretRetirementTest extends ServerTestSupport {
  static final Map<String, String> SECRETS = new ConcurrentHashMap<>();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TestConfiguration
  static class TestSecrets {
    @Bean
    @Primary
    SecretEnvironment testSecretEnvironment() {
      return SECRETS::get;
    }
  }

  @Autowired IdentityState identity;
  @Autowired JdbcTemplate jdbc;

  /**
   * A stand-in for Vault's transit secrets engine, answering as its HTTP API documents
   * (developer.hashicorp.com/vault/api-docs/secret/transit): {@code GET /v1/transit/keys/:name}
   * (read key: {@code keys} by version, {@code latest_version}, {@code min_decryption_version},
   * {@code min_encryption_version}), {@code POST …/:name/rotate} (a new version), {@code POST
   * …/:name/config} ({@code min_decryption_version} at most {@code latest_version}, {@code
   * min_encryption_version} 0 or between it and the latest version; 400 with {@code errors}
   * otherwise); 403 {@code permission denied} without the token, 404 for an unknown key.
   */
  static final class VaultTransitStandIn implements AutoCloseable {
    static final class Key {
      int latest = 1;
      int minDecryption = 1;
      int minEncryption = 0;
      final Map<Integer, Long> created = new ConcurrentHashMap<>(Map.of(1, 1583107200L));
    }

    final Map<String, Key> keys = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final HttpServer server;
    final String token;

    VaultTransitStandIn(String token) throws IOException {
      this.token = token;
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/v1/transit/keys/", this::handle);
      server.start();
    }

    String address() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
      String method = ex.getRequestMethod();
      String rest = ex.getRequestURI().getPath().substring("/v1/transit/keys/".length());
      calls.add(method + " " + ex.getRequestURI().getPath());
      if (!token.equals(ex.getRequestHeaders().getFirst("X-Vault-Token"))) {
        answer(ex, 403, "{\"errors\":[\"permission denied\"]}");
        return;
      }
      String[] parts = rest.split("/");
      Key k = keys.get(parts[0]);
      if (k == null) {
        answer(ex, 404, "{\"errors\":[]}");
        return;
      }
      synchronized (k) {
        if (parts.length == 1 && method.equals("GET")) {
          answer(ex, 200, read(parts[0], k));
        } else if (parts.length == 2 && parts[1].equals("rotate") && method.equals("POST")) {
          k.latest++;
          k.created.put(k.latest, 1700000000L + k.latest);
          answer(ex, 200, read(parts[0], k));
        } else if (parts.length == 2 && parts[1].equals("config") && method.equals("POST")) {
          JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
          int minDec = body.path("min_decryption_version").asInt(k.minDecryption);
          int minEnc = body.path("min_encryption_version").asInt(k.minEncryption);
          if (minDec > k.latest) {
            answer(
                ex,
                400,
                "{\"errors\":[\"cannot set min decryption version of "
                    + minDec
                    + ", latest key version is "
                    + k.latest
                    + "\"]}");
          } else if (minEnc > k.latest) {
            answer(
                ex,
                400,
                "{\"errors\":[\"cannot set min encryption version of "
                    + minEnc
                    + ", latest key version is "
                    + k.latest
                    + "\"]}");
          } else if (minEnc != 0 && minEnc < minDec) {
            answer(
                ex,
                400,
                "{\"errors\":[\"min encryption version should not be less than min decryption"
                    + " version\"]}");
          } else {
            k.minDecryption = Math.max(1, minDec);
            k.minEncryption = minEnc;
            answer(ex, 204, null);
          }
        } else {
          answer(ex, 405, "{\"errors\":[\"unsupported operation\"]}");
        }
      }
    }

    private static String read(String name, Key k) {
      StringBuilder versions = new StringBuilder();
      for (int v = k.minDecryption; v <= k.latest; v++) {
        versions.append(versions.length() == 0 ? "" : ",");
        versions.append('"').append(v).append("\":").append(k.created.get(v));
      }
      return "{\"request_id\":\"r\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,"
          + "\"data\":{\"name\":\""
          + name
          + "\",\"type\":\"rsa-2048\",\"exportable\":true,\"deletion_allowed\":false,"
          + "\"keys\":{"
          + versions
          + "},\"latest_version\":"
          + k.latest
          + ",\"min_available_version\":0,\"min_decryption_version\":"
          + k.minDecryption
          + ",\"min_encryption_version\":"
          + k.minEncryption
          + ",\"supports_signing\":true},\"wrap_info\":null,\"warnings\":null,\"auth\":null}";
    }

    private static void answer(HttpExchange ex, int code, String body) throws IOException {
      if (body == null) {
        ex.sendResponseHeaders(code, -1);
      } else {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
      }
      ex.close();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /**
   * The gateway's check: a JWT is accepted when its kid is published and its RS256 signature holds.
   */
  static boolean verifies(String jwt, Path jwksFile) throws Exception {
    String[] parts = jwt.split("\\.");
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    String kid = header.path("kid").asString();
    for (JsonNode k : JSON.readTree(Files.readString(jwksFile)).path("keys")) {
      if (!kid.equals(k.path("kid").asString(null)) || !"RSA".equals(k.path("kty").asString())) {
        continue;
      }
      RSAPublicKey key =
          (RSAPublicKey)
              KeyFactory.getInstance("RSA")
                  .generatePublic(
                      new RSAPublicKeySpec(
                          new BigInteger(1, Base64.getUrlDecoder().decode(k.path("n").asString())),
                          new BigInteger(
                              1, Base64.getUrlDecoder().decode(k.path("e").asString()))));
      Signature sig = Signature.getInstance("SHA256withRSA");
      sig.initVerify(key);
      sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (sig.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return true;
      }
    }
    return false;
  }

  static String sign(KeyPair pair, String kid, String claims) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input =
        b64.encodeToString(
                ("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}")
                    .getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Signature sig = Signature.getInstance("SHA256withRSA");
    sig.initSign(pair.getPrivate());
    sig.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64.encodeToString(sig.sign());
  }

  private JsonNode call(String token, String path, String body, int expected) throws Exception {
    var req = post(path).header("Authorization", "Bearer " + token);
    if (body != null) {
      req.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    String out =
        mvc.perform(req)
            .andExpect(status().is(expected))
            .andReturn()
            .getResponse()
            .getContentAsString();
    return JSON.readTree(out);
  }

  private static JsonNode action(JsonNode plan, String kind, String objectPart) {
    for (JsonNode a : plan.path("actions")) {
      if (a.path("kind").asString().equals(kind)
          && a.path("accountId").asString().contains(objectPart)) {
        return a;
      }
    }
    throw new AssertionError("no " + kind + " action on " + objectPart + " in " + plan);
  }

  @Test
  void the_leavers_key_is_retired_everywhere_once_and_reversal_restores_the_state_before()
      throws Exception {
    Path demo = Files.createTempDirectory("haechi-retire");
    DemoOrganisations.generate(
        demo, new DemoOptions(DemoOptions.DEFAULT_SEED, 0.01, Set.of("retailer")));
    Path retailer = demo.resolve("retailer");

    // the gateway's JWKS as published, with the leaked kid carrying a real RSA public key so
    // that a forged token can be signed with the leaked private key and checked
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair leaked = gen.generateKeyPair();
    Path jwks = retailer.resolve("jwks/gateway.json");
    ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(jwks));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    RSAPublicKey pub = (RSAPublicKey) leaked.getPublic();
    for (JsonNode k : (ArrayNode) doc.get("keys")) {
      if (k.path("kid").asString().equals("auth-2022-01")) {
        ((ObjectNode) k).put("n", b64.encodeToString(unsigned(pub.getModulus())));
        ((ObjectNode) k).put("e", b64.encodeToString(unsigned(pub.getPublicExponent())));
      }
    }
    Files.writeString(jwks, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    String forged = sign(leaked, "auth-2022-01", "{\"sub\":\"1000234\",\"iss\":\"gateway\"}");
    assertThat(verifies(forged, jwks)).as("the leaked key still works before the plan").isTrue();

    var snapshot = IdentityDirectory.read(retailer);
    LocalDate asOf = LocalDate.of(2025, 11, 1);
    var result = IdentityReconciler.reconcile(snapshot, ReconcileOptions.asOf(asOf));
    identity.replace("test", asOf, snapshot, result);
    String leaver =
        result.findings().stream()
            .filter(f -> f.type().equals("secret-custodian-left"))
            .filter(f -> "gateway-token-signer".equals(f.subject().get("secret")))
            .findFirst()
            .orElseThrow()
            .subject()
            .get("person");

    try (VaultTransitStandIn vault = new VaultTransitStandIn("vault-token-for-retire")) {
      vault.keys.put("token-signer", new VaultTransitStandIn.Key());
      SECRETS.put("VAULT_TOKEN", "vault-token-for-retire");
      allowCleartextHost("127.0.0.1");
      allowSecretEnv("VAULT_TOKEN");
      settingsStore.set(
          "test",
          dev.haechi.app.settings.Setting.VAULT_TARGET,
          vault.address() + ";token-env=VAULT_TOKEN");
      String analyst = tokenFor("retire-analyst", Role.ANALYST);
      String admin = tokenFor("retire-admin", Role.ADMIN);

      JsonNode plan =
          call(
              analyst,
              "/api/v1/identity/plans",
              "{\"scope\":\"secrets\",\"target\":\""
                  + vault.address()
                  + ";token-env=VAULT_TOKEN\",\"jwks\":{\"gateway\":\""
                  + jwks
                  + "\"},\"relyingParties\":{\"gateway\":{\"api-gateway\":\"15m\","
                  + "\"mobile-bff\":\"24h\"}}}",
              201);
      long id = plan.path("id").asLong();
      JsonNode rotate = action(plan, "rotate-transit-key", "transit/keys/token-signer");
      JsonNode retire = action(plan, "retire-kid", "#auth-2022-01");
      assertThat(action(plan, "relying-party", "api-gateway").path("accountId").asString())
          .isEqualTo("api-gateway (caches the gateway JWKS for 15m)");
      assertThat(action(plan, "relying-party", "mobile-bff").path("reason").asString())
          .contains("kid auth-2022-01 of gateway stays trusted there for up to 1d");
      assertThat(vault.calls).isEmpty();

      call(admin, "/api/v1/identity/plans/" + id + "/approve", null, 200);
      plan = call(admin, "/api/v1/identity/plans/" + id + "/execute", null, 200);
      VaultTransitStandIn.Key key = vault.keys.get("token-signer");
      assertThat(key.latest).isEqualTo(2);
      assertThat(key.minDecryption).isEqualTo(2);
      assertThat(key.minEncryption).isEqualTo(2);
      assertThat(action(plan, "rotate-transit-key", "token-signer").path("outcome").asString())
          .startsWith("rotated from version 1 to 2; min_decryption_version 1 -> 2");
      assertThat(action(plan, "rotate-transit-key", "token-signer").path("before").asString())
          .isEqualTo(
              "{\"latest_version\":1,\"min_decryption_version\":1,\"min_encryption_version\":0}");
      assertThat(action(plan, "relying-party", "api-gateway").path("state").asString())
          .isEqualTo("open-task");
      assertThat(Files.readString(jwks)).doesNotContain("auth-2022-01").contains("auth-2025-01");
      assertThat(verifies(forged, jwks)).as("a token signed with the retired key").isFalse();

      // an interrupted run is resumed: the action runs again but does not rotate again
      jdbc.update(
          "UPDATE remediation_action SET state = 'failed' WHERE plan_id = ? AND seq = ?",
          id,
          rotate.path("seq").asInt());
      plan = call(admin, "/api/v1/identity/plans/" + id + "/execute", null, 200);
      assertThat(vault.calls.stream().filter(c -> c.endsWith("/rotate")).count()).isEqualTo(1);
      assertThat(key.latest).isEqualTo(2);
      assertThat(action(plan, "rotate-transit-key", "token-signer").path("outcome").asString())
          .startsWith("already rotated from version 1 to 2");

      // reversal restores the recorded before-state, not a guess
      // (two people: one requests the reversal, a second one carries it out)
      String admin2 = tokenFor("retire-admin2", Role.ADMIN);
      for (String who : new String[] {admin, admin2}) {
        call(
            who,
            "/api/v1/identity/plans/" + id + "/actions/" + rotate.path("seq").asInt() + "/reverse",
            null,
            200);
      }
      assertThat(key.minDecryption).isEqualTo(1);
      assertThat(key.minEncryption).isZero();
      assertThat(key.latest).isEqualTo(2);
      for (String who : new String[] {admin, admin2}) {
        call(
            who,
            "/api/v1/identity/plans/" + id + "/actions/" + retire.path("seq").asInt() + "/reverse",
            null,
            200);
      }
      assertThat(verifies(forged, jwks)).isTrue();
    } finally {
      SECRETS.remove("VAULT_TOKEN");
    }

    // the person page tells the custody plainly: no "since null"
    ensureUser("retire-viewer", Role.VIEWER);
    var session =
        (org.springframework.mock.web.MockHttpSession)
            mvc.perform(
                    post("/login")
                        .with(csrf())
                        .param("username", "retire-viewer")
                        .param("password", PASSWORD))
                .andReturn()
                .getRequest()
                .getSession(false);
    String page =
        mvc.perform(get("/identity/people/" + leaver).session(session))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("gateway-token-signer", "since unknown", "retire kid auth-2022-01")
        .doesNotContain("since null");
    Matcher held = Pattern.compile("<td>(null|unknown)</td>").matcher(page);
    List<String> cells = new ArrayList<>();
    while (held.find()) {
      cells.add(held.group(1));
    }
    assertThat(cells).doesNotContain("null");
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }
}
