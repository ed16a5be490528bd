package dev.haechi.demo.retailer;

import dev.haechi.demo.output.JsonText;
import dev.haechi.demo.output.OutputFolder;
import dev.haechi.demo.output.SeededStreams;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes vault-audit.log as Vault's file audit device does (format {@code json}, one object per
 * line): a {@code request} entry and a {@code response} entry for every call, with {@code time},
 * {@code auth} (display name, metadata, policies, HMAC'd token and accessor), {@code request}
 * (operation, path, mount, remote address) and, in responses, the response data. As Vault does by
 * default, every string value in request and response data, and the client token and its accessor,
 * are replaced by {@code hmac-sha256:HEX} computed with the audit device's salt; numbers and
 * booleans are left as they are.
 *
 * <p>Traffic: workloads (Kubernetes auth, one service account per system) read their secrets and
 * sign with their transit keys; CI (AppRole) reads deployment secrets; a rotation job (AppRole)
 * writes new versions on each secret's rotation dates; engineers (OIDC) read the secrets they look
 * after; and the key leaver reads {@code transit/keys/token-signer} and twice exports it. Times are
 * spread over the joiner-and-leaver window and sorted.
 *
 * <p>Sources: Vault documentation, "Audit devices" and "File audit device"; HashiCorp support
 * article "Audit Log Notes" (field meanings); Vault's transit API ({@code
 * transit/export/:type/:name}).
 */
final class VaultAuditLog {
  private static final String VERSION = "v1.15.6+builtin.vault";

  /** Who made a call, as Vault's {@code auth} block shows it. */
  private record Actor(
      String displayName, String metadataJson, String policies, String entityId, String address) {}

  /** One call: a request and its response. */
  private record Call(Instant time, int seq, Actor actor, String path, String operation) {}

  private final SplittableRandom random;
  private final Mac mac;
  private final Map<String, String> hashes = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private int seq;

  private VaultAuditLog(SplittableRandom random) {
    this.random = random;
    byte[] salt = new byte[32];
    for (int i = 0; i < salt.length; i++) {
      salt[i] = (byte) random.nextInt(256);
    }
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  static void write(
      OutputFolder folder,
      SplittableRandom random,
      Roster roster,
      SecretInventory inventory,
      RetailerSizes sizes)
      throws IOException {
    VaultAuditLog log = new VaultAuditLog(random);
    log.plan(roster, inventory, sizes);
    try (Writer out = folder.open("vault-audit.log")) {
      log.writeCalls(out);
    }
  }

  private void plan(Roster roster, SecretInventory inventory, RetailerSizes sizes) {
    List<Secret> stored = new ArrayList<>();
    for (Secret s : inventory.secrets()) {
      if (!s.location().startsWith("jwks:")) {
        stored.add(s);
      }
    }
    Map<String, Actor> workloads = new HashMap<>();
    Actor ci = approle("ci-deploy");
    Actor rotation = approle("secret-rotation");
    List<Actor> humans = new ArrayList<>();
    for (Person p : inventory.vaultUsers()) {
      humans.add(human(p, "engineer"));
    }
    LocalDate start = KeyLeaverStory.WINDOW_START;
    LocalDate end = KeyLeaverStory.AS_OF.minusDays(1);
    for (int i = 0; i < sizes.vaultRequests(); i++) {
      Secret s = stored.get(random.nextInt(stored.size()));
      int roll = random.nextInt(100);
      if (roll < 62) {
        Actor w = workloads.computeIfAbsent(s.system(), this::workload);
        if (s.transit()) {
          add(day(s.created(), start, end), w, "transit/sign/" + keyName(s), "update");
        } else {
          add(day(s.created(), start, end), w, s.vaultLocation(), "read");
        }
      } else if (roll < 72) {
        add(day(s.created(), start, end), ci, s.vaultLocation(), "read");
      } else {
        int h = random.nextInt(humans.size());
        Person p = inventory.vaultUsers().get(h);
        LocalDate from = p.hireDate().isAfter(s.created()) ? p.hireDate() : s.created();
        if (random.nextInt(4) == 0) {
          String list = s.transit() ? "transit/keys" : "secret/metadata/" + s.system();
          add(day(from, start, end), humans.get(h), list, "list");
        } else {
          add(day(from, start, end), humans.get(h), s.vaultLocation(), "read");
        }
      }
    }
    for (Secret s : stored) {
      if (s.secretId().equals(KeyLeaverStory.SECRET_ID)) {
        continue;
      }
      for (LocalDate d = s.lastRotated();
          !d.isBefore(start) && d.isAfter(s.created());
          d = d.minusDays(s.maxAgeDays() - 7L)) {
        String path = s.transit() ? s.vaultLocation() + "/rotate" : s.vaultLocation();
        add(at(d, 3), rotation, path, s.transit() ? "update" : "create");
      }
    }
    Person leaver = roster.people().get(roster.keyLeader());
    Actor jkim = human(leaver, "kms-operator");
    for (int i = 0; i < 14; i++) {
      LocalDate d = LocalDate.of(2022, 12, 1).plusDays(i * 52L + random.nextInt(20));
      add(at(d, 10), jkim, KeyLeaverStory.LOCATION, "read");
    }
    for (var export : KeyLeaverStory.EXPORTS) {
      Instant t = export.toInstant();
      add(t.minusSeconds(74), jkim, KeyLeaverStory.LOCATION, "read");
      add(t, jkim, KeyLeaverStory.EXPORT_PATH, "read");
    }
    Actor lead = human(roster.people().get(roster.keyLead()), "kms-operator");
    for (int i = 0; i < 6; i++) {
      add(
          at(LocalDate.of(2023, 2, 6).plusDays(i * 150L), 14),
          lead,
          KeyLeaverStory.LOCATION,
          "read");
    }
    Actor gateway = workloads.computeIfAbsent("gateway", this::workload);
    for (int i = 0; i < Math.max(20, sizes.vaultRequests() / 20); i++) {
      add(day(start, start, end), gateway, "transit/sign/" + KeyLeaverStory.KEY_NAME, "update");
    }
    calls.sort(Comparator.comparing(Call::time).thenComparingInt(Call::seq));
  }

  private static String keyName(Secret s) {
    return s.vaultLocation().substring("transit/keys/".length());
  }

  private void add(Instant time, Actor actor, String path, String operation) {
    calls.add(new Call(time, seq++, actor, path, operation));
  }

  private Instant day(LocalDate notBefore, LocalDate start, LocalDate end) {
    LocalDate from = notBefore.isAfter(start) ? notBefore : start;
    if (from.isAfter(end)) {
      from = end;
    }
    return at(Roster.between(random, from, end), 0);
  }

  /** A time on {@code day}: working hours Korean time, or any hour when {@code hour} is 0. */
  private Instant at(LocalDate day, int hour) {
    int h = hour == 0 ? random.nextInt(24) : hour + random.nextInt(8);
    long micros = random.nextLong(3_600_000_000L);
    return day.atTime(h % 24, 0).toInstant(KeyLeaverStory.KST).plusNanos(micros * 1000);
  }

  private Actor workload(String system) {
    String uid = SeededStreams.uuid(random).toString();
    String meta =
        "{\"role\":\""
            + system
            + "\",\"service_account_name\":\""
            + system
            + "\",\"service_account_namespace\":\""
            + system
            + "\",\"service_account_secret_name\":\"\",\"service_account_uid\":\""
            + uid
            + "\"}";
    return new Actor(
        "kubernetes-" + system + "-" + system,
        meta,
        "\"default\",\"" + system + "-read\"",
        SeededStreams.uuid(random).toString(),
        "10.60." + random.nextInt(256) + "." + random.nextInt(256));
  }

  private Actor approle(String role) {
    return new Actor(
        "approle",
        "{\"role_name\":\"" + role + "\"}",
        "\"default\",\"" + role + "\"",
        SeededStreams.uuid(random).toString(),
        "10.50.2." + random.nextInt(256));
  }

  private Actor human(Person p, String role) {
    StringBuilder meta = new StringBuilder("{\"role\":\"" + role + "\",\"username\":");
    JsonText.quote(meta, p.username()).append('}');
    return new Actor(
        "oidc-" + p.username(),
        meta.toString(),
        "\"default\",\"" + role + "\"",
        SeededStreams.uuid(random).toString(),
        "10.40." + random.nextInt(64) + "." + random.nextInt(256));
  }

  private String hmac(String value) {
    return hashes.computeIfAbsent(
        value,
        v ->
            "hmac-sha256:"
                + HexFormat.of().formatHex(mac.doFinal(v.getBytes(StandardCharsets.UTF_8))));
  }

  private void writeCalls(Writer out) throws IOException {
    StringBuilder common = new StringBuilder(1024);
    StringBuilder line = new StringBuilder(2048);
    for (Call c : calls) {
      String token =
          "hvs."
              + Long.toHexString(random.nextLong())
              + Long.toHexString(c.time().getEpochSecond());
      String accessor = Long.toHexString(random.nextLong());
      String tokenHash = hmacOnce(token);
      String accessorHash = hmacOnce(accessor);
      common.setLength(0);
      common.append("{\"auth\":{\"accessor\":\"").append(accessorHash);
      common.append("\",\"client_token\":\"").append(tokenHash).append("\",\"display_name\":");
      JsonText.quote(common, c.actor().displayName());
      common.append(",\"entity_id\":\"").append(c.actor().entityId()).append('"');
      common.append(",\"metadata\":").append(c.actor().metadataJson());
      common.append(",\"policies\":[").append(c.actor().policies()).append(']');
      common.append(",\"policy_results\":{\"allowed\":true}");
      common.append(",\"token_policies\":[").append(c.actor().policies()).append(']');
      common
          .append(",\"token_issue_time\":\"")
          .append(c.time().minusSeconds(60 + random.nextInt(3000)).truncatedTo(ChronoUnit.SECONDS))
          .append("\",\"token_ttl\":2764800,\"token_type\":\"service\"}");
      String mount = c.path().startsWith("transit/") ? "transit" : "kv";
      String mountPoint = mount.equals("transit") ? "transit/" : "secret/";
      String mountAccessor = mount.equals("transit") ? "transit_8b02d7c4" : "kv_3f1a9c2e";
      common.append(",\"request\":{\"client_token\":\"").append(tokenHash);
      common.append("\",\"client_token_accessor\":\"").append(accessorHash);
      common.append("\",\"id\":\"").append(SeededStreams.uuid(random)).append('"');
      common.append(",\"mount_accessor\":\"").append(mountAccessor);
      common.append("\",\"mount_class\":\"secret\",\"mount_point\":\"").append(mountPoint);
      common.append("\",\"mount_running_version\":\"").append(VERSION);
      common.append("\",\"mount_type\":\"").append(mount);
      common.append("\",\"namespace\":{\"id\":\"root\"},\"operation\":\"").append(c.operation());
      common.append("\",\"path\":");
      JsonText.quote(common, c.path());
      String requestData = requestData(c);
      if (requestData != null) {
        common.append(",\"data\":").append(requestData);
      }
      common.append(",\"remote_address\":\"").append(c.actor().address());
      common.append("\",\"remote_port\":").append(40_000 + random.nextInt(20_000)).append('}');

      line.setLength(0);
      line.append(common)
          .append(",\"time\":\"")
          .append(c.time())
          .append("\",\"type\":\"request\"}\n");
      out.append(line);
      line.setLength(0);
      line.append(common).append(",\"response\":{");
      String responseData = responseData(c);
      if (responseData != null) {
        line.append("\"data\":").append(responseData).append(',');
      }
      line.append("\"mount_accessor\":\"").append(mountAccessor);
      line.append("\",\"mount_class\":\"secret\",\"mount_point\":\"").append(mountPoint);
      line.append("\",\"mount_running_plugin_version\":\"").append(VERSION);
      line.append("\",\"mount_type\":\"").append(mount).append("\"}");
      Instant done =
          c.time().plusNanos((1 + random.nextInt(20)) * 1_000_000L + random.nextInt(1000) * 1000L);
      line.append(",\"time\":\"").append(done).append("\",\"type\":\"response\"}\n");
      out.append(line);
    }
  }

  private String hmacOnce(String value) {
    return "hmac-sha256:"
        + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  private String requestData(Call c) {
    if (c.path().startsWith("transit/sign/")) {
      return "{\"hash_algorithm\":\""
          + hmac("sha2-256")
          + "\",\"input\":\""
          + hmacOnce(Long.toString(random.nextLong()))
          + "\"}";
    }
    if (c.operation().equals("create")) {
      return "{\"data\":{\"value\":\"" + hmacOnce(Long.toString(random.nextLong())) + "\"}}";
    }
    return null;
  }

  private String responseData(Call c) {
    String path = c.path();
    if (path.startsWith("transit/export/")) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      return "{\"keys\":{\"1\":\""
          + hmac("key-material:" + name)
          + "\"},\"name\":\""
          + hmac(name)
          + "\",\"type\":\""
          + hmac("rsa-2048")
          + "\"}";
    }
    if (path.startsWith("transit/sign/")) {
      return "{\"key_version\":1,\"signature\":\""
          + hmacOnce(Long.toString(random.nextLong()))
          + "\"}";
    }
    if (path.startsWith("transit/keys/") && c.operation().equals("read")) {
      String name = path.substring("transit/keys/".length());
      return "{\"allow_plaintext_backup\":false,\"auto_rotate_period\":0,\"deletion_allowed\":false,"
          + "\"derived\":false,\"exportable\":true,\"imported_key\":false,\"keys\":{\"1\":{"
          + "\"creation_time\":\""
          + hmac("created:" + name)
          + "\",\"name\":\""
          + hmac("rsa-2048")
          + "\",\"public_key\":\""
          + hmac("public:" + name)
          + "\"}},\"latest_version\":1,\"min_available_version\":0,\"min_decryption_version\":1,"
          + "\"min_encryption_version\":0,\"name\":\""
          + hmac(name)
          + "\",\"supports_decryption\":false,\"supports_derivation\":false,"
          + "\"supports_encryption\":false,\"supports_signing\":true,\"type\":\""
          + hmac("rsa-2048")
          + "\"}";
    }
    if (c.operation().equals("list")) {
      return "{\"keys\":[\"" + hmac(path + "/0") + "\",\"" + hmac(path + "/1") + "\"]}";
    }
    if (path.startsWith("secret/data/") && c.operation().equals("read")) {
      return "{\"data\":{\"value\":\""
          + hmac("value:" + path)
          + "\"},\"metadata\":{\"created_time\":\""
          + hmac("t:" + path)
          + "\",\"custom_metadata\":null,\"deletion_time\":\""
          + hmac("")
          + "\",\"destroyed\":false,\"version\":"
          + (1 + (path.length() % 7))
          + "}}";
    }
    if (c.operation().equals("create")) {
      return "{\"created_time\":\""
          + hmacOnce(c.time().toString())
          + "\",\"custom_metadata\":null,\"deletion_time\":\""
          + hmac("")
          + "\",\"destroyed\":false,\"version\":2}";
    }
    return null;
  }
}
