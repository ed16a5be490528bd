package dev.haechi.app.identity;

import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.core.Finding;
import dev.haechi.identity.model.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The remediation actions for a secret a leaver held ({@code secret-custodian-left}):
 *
 * <ul>
 *   <li>{@code rotate-transit-key}: a Vault transit key ({@code transit/keys/NAME}) is rotated
 *       through Vault's API ({@code POST /v1/transit/keys/NAME/rotate}, token from the environment
 *       variable the target names). A rotation cannot be undone; reversing it is refused.
 *   <li>{@code retire-kid}: a published signing key ({@code jwks:ISSUER#KID}) is removed from the
 *       issuer's JWKS file (written whole, atomically); the removed key is kept in the action's
 *       outcome so that reversing puts it back.
 *   <li>{@code rotate-secret}: anything else becomes an open task for a person, closed when they
 *       confirm it.
 * </ul>
 */
final class SecretActions {
  static final String ROTATE_TRANSIT = "rotate-transit-key";
  static final String RETIRE_KID = "retire-kid";
  static final String MANUAL = "rotate-secret";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String REMOVED = "retired; removed key: ";

  private SecretActions() {}

  /** One proposed action: its kind, the object it acts on, and why. */
  record Proposed(String kind, String object, String reason) {}

  static List<Proposed> propose(
      List<Finding> custodianLeft, List<Secret> secrets, boolean vault, Map<String, String> jwks) {
    Map<String, Secret> byId = new HashMap<>();
    secrets.forEach(s -> byId.putIfAbsent(s.secretId(), s));
    List<Proposed> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Finding f : custodianLeft) {
      Secret s = byId.get(f.subject().get("secret"));
      if (s == null || !seen.add(s.secretId())) {
        continue;
      }
      String loc = s.location() == null ? "" : s.location();
      String reason = f.title().length() > 1000 ? f.title().substring(0, 1000) : f.title();
      if (vault && loc.matches("[A-Za-z0-9_.-]+/keys/[A-Za-z0-9_.-]+")) {
        out.add(new Proposed(ROTATE_TRANSIT, loc, reason));
      } else if (loc.startsWith("jwks:") && loc.contains("#")) {
        String issuer = loc.substring(5, loc.indexOf('#'));
        String file = jwks.get(issuer);
        if (file != null) {
          out.add(
              new Proposed(RETIRE_KID, file + "#" + loc.substring(loc.indexOf('#') + 1), reason));
        } else {
          out.add(new Proposed(MANUAL, s.secretId() + " (" + loc + ")", reason));
        }
      } else {
        out.add(
            new Proposed(MANUAL, s.secretId() + (loc.isEmpty() ? "" : " (" + loc + ")"), reason));
      }
    }
    return out;
  }

  /** Runs an action; returns its outcome, or null for a manual task (which stays open). */
  static String execute(String kind, String object, String vaultTarget, SecretEnvironment env) {
    return switch (kind) {
      case ROTATE_TRANSIT -> rotateTransit(object, vaultTarget, env);
      case RETIRE_KID -> retireKid(object);
      case MANUAL -> null;
      default -> throw new IllegalArgumentException("unknown action kind " + kind);
    };
  }

  /** Reverses an executed action; returns the new outcome. */
  static String reverse(String kind, String object, String outcome) {
    return switch (kind) {
      case RETIRE_KID -> restoreKid(object, outcome);
      case ROTATE_TRANSIT ->
          throw new IllegalArgumentException(
              "a key rotation cannot be undone: the previous version stays available for"
                  + " verification and decryption until min_decryption_version is raised");
      default -> throw new IllegalArgumentException("a " + kind + " action cannot be reversed");
    };
  }

  private static String rotateTransit(String location, String vaultTarget, SecretEnvironment env) {
    if (vaultTarget == null || vaultTarget.isBlank()) {
      throw new IllegalArgumentException("no Vault target in the plan");
    }
    String[] parts = vaultTarget.split(";");
    String base = parts[0].trim().replaceAll("/+$", "");
    String tokenEnv = "VAULT_TOKEN";
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.startsWith("token-env=")) {
        tokenEnv = p.substring("token-env=".length());
      } else if (!p.isEmpty()) {
        throw new IllegalArgumentException("vault target: unknown setting '" + p + "'");
      }
    }
    String token = env.require(tokenEnv, base);
    String mount = location.substring(0, location.indexOf("/keys/"));
    String name = location.substring(location.indexOf("/keys/") + 6);
    URI uri = URI.create(base + "/v1/" + mount + "/keys/" + name + "/rotate");
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(uri)
                      .timeout(Duration.ofSeconds(15))
                      .header("X-Vault-Token", token)
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            uri.getPath() + ": Vault answered " + r.statusCode() + " " + clip(r.body()));
      }
      JsonNode body = r.body().isBlank() ? null : JSON.readTree(r.body());
      JsonNode version = body == null ? null : body.path("data").path("latest_version");
      return "rotated"
          + (version != null && version.isNumber() ? " to version " + version.asInt() : "");
    } catch (IOException e) {
      throw new IllegalStateException(base + ": cannot reach Vault (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private static String retireKid(String object) {
    Path file = Path.of(object.substring(0, object.lastIndexOf('#')));
    String kid = object.substring(object.lastIndexOf('#') + 1);
    ObjectNode jwks = readJwks(file);
    ArrayNode keys = (ArrayNode) jwks.get("keys");
    for (int i = 0; i < keys.size(); i++) {
      if (kid.equals(keys.get(i).path("kid").asString(null))) {
        JsonNode removed = keys.remove(i);
        writeJwks(file, jwks);
        return REMOVED + JSON.writeValueAsString(removed);
      }
    }
    return "already retired (kid " + kid + " is not in " + file + ")";
  }

  private static String restoreKid(String object, String outcome) {
    if (outcome == null || !outcome.startsWith(REMOVED)) {
      return "nothing to restore (the key was already absent)";
    }
    Path file = Path.of(object.substring(0, object.lastIndexOf('#')));
    String kid = object.substring(object.lastIndexOf('#') + 1);
    ObjectNode jwks = readJwks(file);
    ArrayNode keys = (ArrayNode) jwks.get("keys");
    for (JsonNode k : keys) {
      if (kid.equals(k.path("kid").asString(null))) {
        return "already published";
      }
    }
    keys.add(JSON.readTree(outcome.substring(REMOVED.length())));
    writeJwks(file, jwks);
    return "kid " + kid + " published again";
  }

  private static ObjectNode readJwks(Path file) {
    try {
      JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (!(n instanceof ObjectNode o) || !(o.get("keys") instanceof ArrayNode)) {
        throw new IllegalStateException(file + ": not a JWK Set (no \"keys\" array)");
      }
      return o;
    } catch (IOException e) {
      throw new IllegalStateException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  private static void writeJwks(Path file, ObjectNode jwks) {
    try {
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".jwks", ".tmp");
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(jwks));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException(file + ": cannot write (" + e.getMessage() + ")");
    }
  }

  private static String clip(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
  }
}
