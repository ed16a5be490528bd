package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.InputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The Vault log is scanned as bytes (eight at a time) instead of being copied into strings; the
 * byte scan must read every log exactly as the reference string scan does: the same accesses at the
 * same lines, the same line count, or the same error. Logs mix known and unknown paths, escaped
 * quotes, spaces after the colon, {@code "path"} as a value or a key elsewhere, colons in odd
 * places, blank and bad lines, CRLF, non-ASCII names, and lines long enough to cross the reader's
 * 256 KiB chunks.
 */
class VaultByteScanTest {
  private static final List<String> LOCATIONS =
      List.of("transit/keys/token-signer", "secret/data/pg/admin", "secret/data/é");
  private static final String[] PATHS = {
    "transit/keys/token-signer",
    "transit/export/signing-key/token-signer/3",
    "secret/data/pg/admin",
    "secret/data/é",
    "sys/health",
    "secret/data/other",
    "secret/data/pg/admin\\\"x",
    "path"
  };

  private static final String[] WHO = {"jkim", "j@corp.example", " ", "", "oidc-1000234"};
  private static final String[] OPERATIONS = {
    "read", "update", "create", "patch", "delete", "Read", "read ", "list"
  };
  private static final String[] ERRORS = {
    "\"error\":null,",
    "\"error\":42,",
    "\"error\":\"\",",
    "\"error\":\" \",",
    "\"error\":\"denied\","
  };

  @Property(tries = 300)
  void byte_scan_reads_every_log_as_the_reference_string_scan(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    byte[] log = log(random).getBytes(StandardCharsets.UTF_8);

    Object fast =
        outcome(
            () ->
                VaultAuditLogReader.read(
                    new ByteArrayInputStream(log), "vault-audit.log", LOCATIONS));
    Object reference =
        outcome(
            () ->
                VaultAuditLogReader.readReference(
                    new ByteArrayInputStream(log), "vault-audit.log", LOCATIONS));

    assertThat(fast).isEqualTo(reference);
  }

  @Property(tries = 3000)
  void eight_bytes_at_a_time_finds_what_string_index_of_finds(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 80) int length) {
    Random random = new Random(seed);
    String alphabet = "\"path:ab\n\u00ff\u0080 ";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    if (random.nextBoolean() && length > 8) {
      sb.insert(random.nextInt(length - 7), "\"path\":");
    }
    String text = sb.toString();
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
    int to = from + random.nextInt(b.length - from + 1);
    String window = text.substring(0, to);

    for (char c : new char[] {'\n', '"', ':', '\u00ff', '\u0080'}) {
      int expected = window.indexOf(c, from);
      assertThat(VaultAuditLogReader.indexOf(b, from, to, (byte) c))
          .as("'%s' in %s from %d to %d", c, text, from, to)
          .isEqualTo(expected);
    }
    assertThat(VaultAuditLogReader.indexOfPath(b, from, to))
        .as("path member in %s from %d to %d", text, from, to)
        .isEqualTo(window.indexOf("\"path\":", from));
  }

  private static Object outcome(Callable<VaultAuditLogReader.Result> read) throws Exception {
    try {
      return read.call();
    } catch (InputException e) {
      return e.getMessage();
    }
  }

  private static String log(Random random) {
    StringBuilder sb = new StringBuilder();
    int lines = random.nextInt(200);
    boolean withBadLines = random.nextInt(4) == 0;
    boolean huge = random.nextInt(20) == 0;
    for (int n = 0; n < lines; n++) {
      int kind = random.nextInt(100);
      String id = "r" + random.nextInt(Math.max(1, lines / 2));
      String path = PATHS[random.nextInt(PATHS.length)];
      String colon = random.nextInt(5) == 0 ? ": " : ":";
      if (kind < 2 && withBadLines) {
        sb.append(random.nextBoolean() ? "not json" : "{\"time\":\"x\",\"request\":{\"path\":\"")
            .append(random.nextBoolean() ? "" : path + "\"}}");
      } else if (kind < 5) {
        sb.append(random.nextBoolean() ? "   " : "\t");
      } else if (kind < 10) {
        sb.append("{\"time\":\"2024-01-01T00:00:00Z\",\"error\":\"permission denied\",")
            .append("\"auth\":{\"display_name\":\"oidc-a\"},\"request\":{\"id\":\"")
            .append(id)
            .append("\",\"operation\":\"read\",\"path\"")
            .append(colon)
            .append('"')
            .append(path)
            .append("\"}}");
      } else {
        sb.append(random.nextInt(6) == 0 ? "  {" : "{")
            // (a bad line may lack its time)
            .append(
                withBadLines && random.nextInt(30) == 0 ? "\"tme\":\"2024-0" : "\"time\":\"2024-0")
            .append(1 + random.nextInt(9))
            .append("-01T00:00:")
            .append(10 + random.nextInt(50))
            .append("Z\",\"type\":\"")
            .append(random.nextBoolean() ? "request" : "response")
            .append("\",\"auth\":{\"display_name\":\"")
            .append(random.nextInt(5) == 0 ? "oidc-김" : "oidc-u" + random.nextInt(9))
            .append("\",\"metadata\":{\"note\":\"")
            .append(random.nextInt(4) == 0 ? "\\\"path\\\":\\\"" + path + "\\\"" : "a:b")
            .append('"')
            // the caller named by username or e-mail (or blank ones), a real "path" member
            // outside the request, an entity
            .append(
                random.nextInt(3) == 0
                    ? ",\"username\":\"" + WHO[random.nextInt(WHO.length)] + '"'
                    : "")
            .append(
                random.nextInt(4) == 0
                    ? ",\"email\":\"" + WHO[random.nextInt(WHO.length)] + '"'
                    : "")
            .append(random.nextInt(8) == 0 ? ",\"path\":\"" + path + '"' : "")
            .append('}')
            .append(random.nextInt(4) == 0 ? ",\"entity_id\":\"ent-" + random.nextInt(3) + '"' : "")
            .append("},")
            .append(random.nextInt(6) == 0 ? ERRORS[random.nextInt(ERRORS.length)] : "");
        if (huge && random.nextInt(10) == 0) {
          sb.append("\"pad\":\"")
              .append("x:".repeat(70_000 + random.nextInt(70_000)))
              .append("\",");
        }
        sb.append("\"request\":{")
            .append(random.nextInt(10) == 0 ? "" : "\"id\":\"" + id + "\",")
            .append("\"operation\":\"")
            .append(OPERATIONS[random.nextInt(OPERATIONS.length)])
            // sometimes a first "path" member that the last one overrides
            .append(
                random.nextInt(8) == 0
                    ? "\",\"path\":\"" + PATHS[random.nextInt(PATHS.length)]
                    : "")
            .append("\",\"path\"")
            .append(colon)
            .append(
                random.nextInt(8) == 0
                    ? "42"
                    : random.nextInt(10) == 0 ? "\" " + path + " \"" : "\"" + path + "\"")
            .append("}}")
            .append(random.nextInt(8) == 0 ? " " : "");
      }
      sb.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
    }
    if (random.nextBoolean() && sb.length() > 0) {
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }
}
