package dev.haechi.app.breach;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.breach.hold.HoldRefusedException;
import dev.haechi.breach.hold.LegalHold;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A case's evidence files (issue 13 item 5: a case holds the evidence files too), kept in {@code
 * $HAECHI_HOME/evidence/case-ID/}. Each file's SHA-256 is recorded on the case's timeline and in
 * the audit log when it is added, and checked whenever the files are listed. While any legal hold
 * of the case is active, no user (admins included) can delete or replace a file: every attempt is
 * refused and audited, and recorded on the timeline; the hold ends only when two different admins
 * release it.
 */
@Component
public class CaseEvidence {
  static final long MAX_BYTES = 256L << 20;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** One stored file, with the digest recorded when it was added and whether it still matches. */
  public record EvidenceFile(String name, long bytes, String sha256, boolean intact) {}

  private final BreachCases cases;
  private final AuditLog audit;
  private final JdbcTemplate jdbc;
  private final Path root;

  public CaseEvidence(
      BreachCases cases,
      AuditLog audit,
      JdbcTemplate jdbc,
      @Value("${haechi.home:./data}") String home) {
    this.cases = cases;
    this.audit = audit;
    this.jdbc = jdbc;
    this.root = Path.of(home).resolve("evidence");
  }

  Path dir(long caseId) {
    return root.resolve("case-" + caseId);
  }

  static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException(
          "name: letters, digits, '.', '_' and '-' only (at most 128, no '..'): " + name);
    }
    return name;
  }

  /** The case's active holds; files cannot be changed while there is one. */
  List<LegalHold> activeHolds(long caseId) {
    return cases.holds(caseId).stream().filter(LegalHold::active).toList();
  }

  /**
   * Adds a file (written to a temporary file, digested, then renamed into place).
   *
   * @throws HoldRefusedException when the name exists and the case is under hold
   */
  public EvidenceFile add(long caseId, String name, InputStream in, String actor)
      throws IOException {
    cases.get(caseId);
    checkName(name);
    Path dir = dir(caseId);
    Files.createDirectories(dir);
    Path target = dir.resolve(name);
    if (Files.exists(target)) {
      refuseIfHeld(caseId, name, actor, "replace");
    }
    Path tmp = Files.createTempFile(dir, ".upload-", ".tmp");
    String sha;
    long bytes;
    try {
      MessageDigest md = sha256();
      try (InputStream d = new DigestInputStream(in, md)) {
        bytes = Files.copy(d, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      if (bytes > MAX_BYTES) {
        throw new IllegalArgumentException("body: over the limit of " + MAX_BYTES + " bytes");
      }
      sha = HexFormat.of().formatHex(md.digest());
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    cases.entry(
        caseId,
        "evidence",
        actor,
        "Evidence file " + name + " added (" + bytes + " bytes, SHA-256 " + sha + ")",
        "{\"name\":\"" + name + "\",\"sha256\":\"" + sha + "\",\"bytes\":" + bytes + "}");
    audit.append(actor, "breach.evidence.add", "case:" + caseId + "/" + name, "sha256=" + sha);
    return new EvidenceFile(name, bytes, sha, true);
  }

  /** The case's files with the digest recorded at their last addition, each re-checked. */
  public List<EvidenceFile> list(long caseId) {
    List<EvidenceFile> out = new ArrayList<>();
    java.util.Map<String, String> recorded = new java.util.TreeMap<>();
    for (String data :
        jdbc.queryForList(
            "SELECT data FROM breach_case_entry WHERE case_id = ? AND kind = 'evidence' ORDER BY id",
            String.class,
            caseId)) {
      if (data == null) {
        continue;
      }
      var n = tools.jackson.databind.json.JsonMapper.builder().build().readTree(data);
      if (n.has("deleted")) {
        recorded.remove(n.path("name").asString());
      } else {
        recorded.put(n.path("name").asString(), n.path("sha256").asString());
      }
    }
    for (var e : recorded.entrySet()) {
      Path f = dir(caseId).resolve(e.getKey());
      long bytes = -1;
      boolean intact = false;
      try {
        if (Files.isRegularFile(f)) {
          bytes = Files.size(f);
          intact = e.getValue().equals(digest(f));
        }
      } catch (IOException ex) {
        intact = false;
      }
      out.add(new EvidenceFile(e.getKey(), bytes, e.getValue(), intact));
    }
    return out;
  }

  /**
   * Deletes a file, unless a hold of the case is active: then refused for everyone, audited and
   * recorded on the timeline.
   */
  public void delete(long caseId, String name, String actor) {
    cases.get(caseId);
    checkName(name);
    refuseIfHeld(caseId, name, actor, "delete");
    Path f = dir(caseId).resolve(name);
    try {
      if (!Files.deleteIfExists(f)) {
        throw new IllegalArgumentException("no evidence file " + name + " on case " + caseId);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cases.entry(
        caseId,
        "evidence",
        actor,
        "Evidence file " + name + " deleted",
        "{\"name\":\"" + name + "\",\"deleted\":true}");
    audit.append(actor, "breach.evidence.delete", "case:" + caseId + "/" + name, "deleted");
  }

  private void refuseIfHeld(long caseId, String name, String actor, String what) {
    List<LegalHold> held = activeHolds(caseId);
    if (held.isEmpty()) {
      return;
    }
    String ids = String.join(", ", held.stream().map(LegalHold::id).toList());
    String msg =
        what
            + " of evidence file "
            + name
            + " refused: case "
            + caseId
            + " is under legal hold "
            + ids
            + "; a hold ends only when two different admins release it";
    audit.append(actor, "breach.evidence." + what + "-refused", "case:" + caseId + "/" + name, msg);
    cases.entry(caseId, "refused", actor, msg, null);
    throw new HoldRefusedException(msg);
  }

  static String digest(Path f) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
