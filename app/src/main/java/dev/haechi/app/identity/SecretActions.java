package dev.haechi.app.identity;

import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.core.Durations;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The remediation actions for a secret a leaver held ({@code secret-custodian-left}), one or more
 * per location of the key (FORMATS.md §1.3):
 *
 * <ul>
 *   <li>{@code rotate-transit-key}: a Vault transit key ({@code MOUNT/keys/NAME}) is retired
 *       through Vault's transit API (token from the environment variable the target names): its
 *       state is read first ({@code GET /v1/MOUNT/keys/NAME}: {@code latest_version}, {@code
 *       min_decryption_version}, {@code min_encryption_version}) and kept as the action's
 *       before-state; it is rotated ({@code POST …/rotate}) only while its latest version is still
 *       the recorded one, so running the action again never rotates twice; then {@code
 *       min_decryption_version} and {@code min_encryption_version} are raised to the new version
 *       ({@code POST …/config}), past every leaked version: Vault keeps old versions usable for
 *       verifying and decrypting until then. Reversing sets the two minimums back to the
 *       before-state (the new version stays: a rotation cannot be undone).
 *   <li>{@code retire-kid}: a published signing key ({@code jwks:ISSUER#KID}) is removed from the
 *       issuer's JWKS file (written whole, atomically) — every key with that kid, since RFC 7517
 *       lets a kid repeat; the removed keys are the before-state, and reversing puts them back.
 *   <li>{@code relying-party}: an open task per relying party that caches the issuer's JWKS, with
 *       its cache lifetime: until its cache expires, a party still trusts the retired kid.
 *   <li>{@code rotate-secret}: anything else becomes an open task for a person, closed when they
 *       confirm it.
 * </ul>
 */
final class SecretActions {
  static final String ROTATE_TRANSIT = "rotate-transit-key";
  static final String RETIRE_KID = "retire-kid";
  static final String MANUAL = "rotate-secret";
  static final String RELYING_PARTY = "relying-party";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String REMOVED = "retired; removed key: ";

  private SecretActions() {}

  /** One proposed action: its kind, the object it acts on, and why. */
  record Proposed(String kind, String object, String reason) {}

  /** What an action did: its outcome for people, and the state it found (for reversal). */
  record Done(String outcome, String before) {}

  /**
   * @param relyingParties per issuer, relying party → how long it caches the issuer's JWKS
   */
  static List<Proposed> propose(
      List<Finding> custodianLeft,
      List<Secret> secrets,
      boolean vault,
      Map<String, String> jwks,
      Map<String, Map<String, String>> relyingParties) {
    Map<String, Secret> byId = new HashMap<>();
    secrets.forEach(s -> byId.putIfAbsent(s.secretId(), s));
    List<Proposed> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Map<String, List<String>> retiredByIssuer = new LinkedHashMap<>();
    for (Finding f : custodianLeft) {
      Secret s = byId.get(f.subject().get("secret"));
      if (s == null || !seen.add(s.secretId())) {
        continue;
      }
      String reason = f.title().length() > 1000 ? f.title().substring(0, 1000) : f.title();
      int handled = 0;
      for (String loc : s.locations()) {
        if (vault
            && s.transitKeys().contains(loc)
            && loc.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/keys/[A-Za-z0-9_.-]+")) {
          out.add(new Proposed(ROTATE_TRANSIT, loc, reason));
          handled++;
        } else if (loc.startsWith("jwks:") && loc.indexOf('#') > 5) {
          String issuer = loc.substring(5, loc.indexOf('#'));
          String kid = loc.substring(loc.indexOf('#') + 1);
          String file = jwks.get(issuer);
          if (file != null) {
            out.add(new Proposed(RETIRE_KID, file + "#" + kid, reason));
            handled++;
            retiredByIssuer.computeIfAbsent(issuer, k -> new ArrayList<>()).add(kid);
          }
        }
      }
      if (handled < s.locations().size() || s.locations().isEmpty()) {
        String loc = s.location() == null ? "" : s.location();
        out.add(
            new Proposed(MANUAL, s.secretId() + (loc.isEmpty() ? "" : " (" + loc + ")"), reason));
      }
    }
    Map<String, Map<String, String>> parties = relyingParties == null ? Map.of() : relyingParties;
    retiredByIssuer.forEach(
        (issuer, kids) -> {
          String what = "kid " + String.join(", ", kids) + " of " + issuer;
          Map<String, String> known = parties.getOrDefault(issuer, Map.of());
          if (known.isEmpty()) {
            out.add(
                new Proposed(
                    RELYING_PARTY,
                    "every relying party that caches the "
                        + issuer
                        + " JWKS (cache lifetime unknown: check each one's JWKS cache setting)",
                    "refresh the cached JWKS so that "
                        + what
                        + " is no longer trusted; until the cache expires it still is"));
          }
          known.forEach(
              (party, lifetime) -> {
                String life;
                try {
                  life = Durations.format(Durations.parse(lifetime));
                } catch (IllegalArgumentException e) {
                  throw new IllegalArgumentException(
                      "relyingParties."
                          + issuer
                          + "."
                          + party
                          + ": '"
                          + lifetime
                          + "' is not a duration (e.g. 15m, 24h)");
                }
                out.add(
                    new Proposed(
                        RELYING_PARTY,
                        party + " (caches the " + issuer + " JWKS for " + life + ")",
                        "refresh its cached JWKS now, or "
                            + what
                            + " stays trusted there for up to "
                            + life
                            + " after it is retired"));
              });
        });
    return out;
  }

  /**
   * Runs an action; returns what it did, or null for a task for a person (which stays open).
   *
   * @param before the before-state an earlier, interrupted run of this action recorded, or null
   * @param keep called with the before-state as soon as it is known, before anything changes
   */
  static Done execute(
      String kind,
      String object,
      String vaultTarget,
      SecretEnvironment env,
      String before,
      Consumer<String> keep) {
    return switch (kind) {
      case ROTATE_TRANSIT -> new VaultTransit(vaultTarget, env).retire(object, before, keep);
      case RETIRE_KID -> retireKid(object);
      case MANUAL, RELYING_PARTY -> null;
      default -> throw new IllegalArgumentException("unknown action kind " + kind);
    };
  }

  /** Reverses an executed action from its stored before-state; returns the new outcome. */
  static String reverse(
      String kind, String object, String before, String vaultTarget, SecretEnvironment env) {
    return switch (kind) {
      case RETIRE_KID -> restoreKid(object, before);
      case ROTATE_TRANSIT -> new VaultTransit(vaultTarget, env).restore(object, before);
      default -> throw new IllegalArgumentException("a " + kind + " action cannot be reversed");
    };
  }

  /** Vault's transit secrets engine, over its HTTP API. */
  static final class VaultTransit {
    private final String base;
    private final String token;
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    VaultTransit(String vaultTarget, SecretEnvironment env) {
      if (vaultTarget == null || vaultTarget.isBlank()) {
        throw new IllegalArgumentException("no Vault target in the plan");
      }
      String[] parts = vaultTarget.split(";");
      base = parts[0].trim().replaceAll("/+$", "");
      String tokenEnv = "VAULT_TOKEN";
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("token-env=")) {
          tokenEnv = p.substring("token-env=".length());
        } else if (!p.isEmpty()) {
          throw new IllegalArgumentException("vault target: unknown setting '" + p + "'");
        }
      }
      token = env.require(tokenEnv, base);
    }

    /** A key's versions as Vault reports them. */
    record State(int latest, int minDecryption, int minEncryption) {
      String json() {
        return "{\"latest_version\":"
            + latest
            + ",\"min_decryption_version\":"
            + minDecryption
            + ",\"min_encryption_version\":"
            + minEncryption
            + "}";
      }

      static State parse(String json) {
        JsonNode n = JSON.readTree(json);
        return new State(
            n.path("latest_version").asInt(),
            n.path("min_decryption_version").asInt(),
            n.path("min_encryption_version").asInt());
      }
    }

    Done retire(String location, String recorded, Consumer<String> keep) {
      State now = read(location);
      State before = recorded == null ? now : State.parse(recorded);
      if (recorded == null) {
        keep.accept(before.json());
      }
      boolean rotated = false;
      if (now.latest() == before.latest()) {
        call("POST", location + "/rotate", null);
        rotated = true;
        now = read(location);
      }
      int target = now.latest();
      if (now.minDecryption() < target || now.minEncryption() < target) {
        call(
            "POST",
            location + "/config",
            "{\"min_decryption_version\":"
                + target
                + ",\"min_encryption_version\":"
                + target
                + "}");
      }
      String outcome =
          (rotated ? "rotated" : "already rotated")
              + " from version "
              + before.latest()
              + " to "
              + target
              + "; min_decryption_version "
              + before.minDecryption()
              + " -> "
              + target
              + ", min_encryption_version "
              + before.minEncryption()
              + " -> "
              + target
              + " (versions up to "
              + before.latest()
              + " can no longer sign, verify or decrypt)";
      return new Done(outcome, before.json());
    }

    String restore(String location, String recorded) {
      if (recorded == null) {
        throw new IllegalArgumentException(
            "no before-state recorded for " + location + ": nothing to restore");
      }
      State before = State.parse(recorded);
      State now = read(location);
      call(
          "POST",
          location + "/config",
          "{\"min_decryption_version\":"
              + before.minDecryption()
              + ",\"min_encryption_version\":"
              + before.minEncryption()
              + "}");
      return "min_decryption_version "
          + now.minDecryption()
          + " -> "
          + before.minDecryption()
          + ", min_encryption_version "
          + now.minEncryption()
          + " -> "
          + before.minEncryption()
          + " (as before the plan); version "
          + now.latest()
          + " stays: a rotation cannot be undone";
    }

    State read(String location) {
      JsonNode data = JSON.readTree(call("GET", location, null)).path("data");
      if (!data.path("latest_version").isNumber()) {
        throw new IllegalStateException(location + ": Vault's answer has no latest_version");
      }
      return new State(
          data.path("latest_version").asInt(),
          data.path("min_decryption_version").asInt(),
          data.path("min_encryption_version").asInt());
    }

    private String call(String method, String path, String json) {
      URI uri = URI.create(base + "/v1/" + path);
      try {
        HttpRequest.Builder b =
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(15))
                .header("X-Vault-Token", token);
        if (json != null) {
          b.header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
          b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
          throw new IllegalStateException(
              method
                  + " "
                  + uri.getPath()
                  + ": Vault answered "
                  + r.statusCode()
                  + " "
                  + clip(r.body()));
        }
        return r.body() == null || r.body().isBlank() ? "{}" : r.body();
      } catch (IOException e) {
        throw new IllegalStateException(base + ": cannot reach Vault (" + e.getMessage() + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
  }

  private static Done retireKid(String object) {
    Path file = Path.of(object.substring(0, object.lastIndexOf('#')));
    String kid = object.substring(object.lastIndexOf('#') + 1);
    ObjectNode jwks = readJwks(file);
    ArrayNode keys = (ArrayNode) jwks.get("keys");
    ArrayNode removed = JSON.createArrayNode();
    for (int i = keys.size() - 1; i >= 0; i--) {
      if (kid.equals(keys.get(i).path("kid").asString(null))) {
        removed.insert(0, keys.remove(i));
      }
    }
    if (removed.isEmpty()) {
      return new Done("already retired (kid " + kid + " is not in " + file + ")", null);
    }
    writeJwks(file, jwks);
    return new Done(
        "retired: kid "
            + kid
            + " removed from "
            + file
            + (removed.size() > 1 ? " (" + removed.size() + " keys with that kid)" : ""),
        REMOVED + JSON.writeValueAsString(removed));
  }

  private static String restoreKid(String object, String before) {
    if (before == null || !before.startsWith(REMOVED)) {
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
    JsonNode removed = JSON.readTree(before.substring(REMOVED.length()));
    if (removed instanceof ArrayNode list) {
      list.forEach(keys::add);
    } else {
      keys.add(removed);
    }
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
