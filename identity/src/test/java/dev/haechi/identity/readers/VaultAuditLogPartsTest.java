package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Reading a Vault log in slices and joining them gives exactly the one-pass reference read: the
 * same accesses with the same line numbers, the same line count, or the same error.
 */
class VaultAuditLogPartsTest {
  private static final List<String> LOCATIONS =
      List.of("transit/keys/token-signer", "secret/data/pg/admin");
  private static final String[] PATHS = {
    "transit/keys/token-signer",
    "transit/export/signing-key/token-signer/3",
    "secret/data/pg/admin",
    "sys/health",
    "secret/data/other"
  };

  @Property(tries = 150)
  void slices_joined_equal_the_one_pass_read(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int count) throws Exception {
    Random random = new Random(seed);
    Path file = Files.createTempFile("vault-parts", ".log");
    try {
      Files.writeString(file, log(random), StandardCharsets.UTF_8);
      Object reference =
          outcome(() -> VaultAuditLogReader.read(file, "vault-audit.log", LOCATIONS));
      Object sliced =
          outcome(
              () -> {
                List<VaultAuditLogReader.Part> parts = new ArrayList<>();
                for (Callable<VaultAuditLogReader.Part> task :
                    VaultAuditLogReader.parts(file, "vault-audit.log", LOCATIONS, count)) {
                  parts.add(task.call());
                }
                return VaultAuditLogReader.join("vault-audit.log", parts);
              });
      assertThat(sliced).isEqualTo(reference);
      // The join that keeps requests in maps and sorts at the end (as before) agrees too.
      Object joinedByReference =
          outcome(
              () -> {
                List<VaultAuditLogReader.Part> parts = new ArrayList<>();
                for (Callable<VaultAuditLogReader.Part> task :
                    VaultAuditLogReader.parts(file, "vault-audit.log", LOCATIONS, count)) {
                  parts.add(task.call());
                }
                return VaultAuditLogReader.joinReference("vault-audit.log", parts);
              });
      assertThat(sliced).isEqualTo(joinedByReference);
    } finally {
      Files.delete(file);
    }
  }

  /** The result, or the error's message (source, line and reason). */
  private static Object outcome(Callable<VaultAuditLogReader.Result> read) throws Exception {
    try {
      return read.call();
    } catch (InputException e) {
      return e.getMessage();
    }
  }

  private static String log(Random random) throws IOException {
    StringBuilder sb = new StringBuilder();
    int lines = random.nextInt(300);
    boolean withBadLines = random.nextInt(4) == 0;
    for (int n = 0; n < lines; n++) {
      int kind = random.nextInt(100);
      String id = "r" + random.nextInt(Math.max(1, lines / 2));
      String path = PATHS[random.nextInt(PATHS.length)];
      if (kind < 2 && withBadLines) {
        sb.append(random.nextBoolean() ? "not json" : "{\"time\":\"x\",\"request\":{\"path\":\"")
            .append(random.nextBoolean() ? "" : path + "\"}}");
      } else if (kind < 6) {
        sb.append("   ");
      } else if (kind < 12) {
        sb.append("{\"time\":\"2024-01-01T00:00:00Z\",\"error\":\"permission denied\",")
            .append("\"auth\":{\"display_name\":\"oidc-a\"},\"request\":{\"id\":\"")
            .append(id)
            .append("\",\"operation\":\"read\",\"path\":\"")
            .append(path)
            .append("\"}}");
      } else {
        sb.append("{\"time\":\"2024-0")
            .append(1 + random.nextInt(9))
            .append("-01T00:00:")
            .append(10 + random.nextInt(50))
            .append("Z\",\"type\":\"")
            .append(random.nextBoolean() ? "request" : "response")
            .append("\",\"auth\":{\"display_name\":\"")
            .append(
                random.nextInt(4) == 0
                    ? "oidc-100" + random.nextInt(3)
                    : (random.nextBoolean() ? "oidc-u" : "ldap-u") + random.nextInt(9))
            .append(random.nextInt(3) == 0 ? "\",\"entity_id\":\"ent" + random.nextInt(3) : "")
            .append("\"},\"request\":{")
            .append(random.nextInt(10) == 0 ? "" : "\"id\":\"" + id + "\",")
            .append("\"operation\":\"")
            .append(random.nextBoolean() ? "read" : "update")
            .append("\",\"path\":\"")
            .append(path)
            .append("\"}}");
      }
      sb.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
    }
    if (random.nextBoolean() && sb.length() > 0) {
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }
}
