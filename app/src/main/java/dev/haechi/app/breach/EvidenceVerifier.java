package dev.haechi.app.breach;

import dev.haechi.breach.hold.LegalHold;
import dev.haechi.breach.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Checks the cases' evidence files ({@code $HAECHI_HOME/evidence/case-ID/NAME}) against the SHA-256
 * digests that the tamper-evident audit chain recorded when each was added ({@code
 * breach.evidence.add}, details {@code sha256=…}) and removed ({@code breach.evidence.delete}). The
 * audit chain itself is checked by {@code AuditChainVerifier}; together they are the evidence
 * files' digest chain (issue 13 item 5), as the event store's manifest is its partitions'. Plain
 * JDBC, for {@code haechi audit verify}.
 */
public final class EvidenceVerifier {
  /**
   * @param files how many recorded evidence files were checked
   * @param heldFiles how many of them belong to a case with an active legal hold
   * @param problems one line per problem, each naming the file ({@code evidence/case-ID/NAME})
   */
  public record Result(long files, long heldFiles, List<String> problems) {
    public boolean intact() {
      return problems.isEmpty();
    }
  }

  private EvidenceVerifier() {}

  /**
   * @param home the Haechi home ({@code evidence/} and {@code events/} below it)
   */
  public static Result verify(Connection c, Path home) throws SQLException, IOException {
    // case:ID/NAME -> [sha256, audit seq]; a later delete removes the entry
    Map<String, String[]> recorded = new TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT seq, action, target, details FROM audit_log WHERE action IN"
                + " ('breach.evidence.add', 'breach.evidence.delete') ORDER BY seq")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String target = rs.getString(3);
          if (target == null || !target.startsWith("case:")) {
            continue;
          }
          if (rs.getString(2).equals("breach.evidence.delete")) {
            recorded.remove(target);
          } else {
            String d = rs.getString(4) == null ? "" : rs.getString(4);
            String sha = d.startsWith("sha256=") ? d.substring(7).trim() : "";
            recorded.put(target, new String[] {sha, Long.toString(rs.getLong(1))});
          }
        }
      }
    }
    Set<Long> heldCases = heldCases(home.resolve("events"));
    Path root = home.resolve("evidence");
    List<String> problems = new ArrayList<>();
    Set<Path> known = new HashSet<>();
    long held = 0;
    for (Map.Entry<String, String[]> e : recorded.entrySet()) {
      String target = e.getKey(); // case:ID/NAME
      int slash = target.indexOf('/');
      if (slash < 0) {
        continue;
      }
      String caseId = target.substring(5, slash);
      String name = target.substring(slash + 1);
      Path f = root.resolve("case-" + caseId).resolve(name).normalize();
      if (!f.startsWith(root)) {
        continue; // never read outside evidence/ whatever a record says
      }
      known.add(f);
      boolean isHeld = heldCases.contains(parse(caseId));
      held += isHeld ? 1 : 0;
      String label = "evidence/case-" + caseId + "/" + name;
      String tag = isHeld ? " (case under legal hold)" : "";
      String seq = e.getValue()[1];
      if (!Files.isRegularFile(f)) {
        problems.add(label + ": missing (added in audit record " + seq + ", never deleted)" + tag);
      } else if (!CaseEvidence.digest(f).equals(e.getValue()[0])) {
        problems.add(
            label
                + ": SHA-256 differs from the digest in audit record "
                + seq
                + " (altered)"
                + tag);
      }
    }
    if (Files.isDirectory(root)) {
      try (Stream<Path> s = Files.walk(root, 2)) {
        for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
          String fn = f.getFileName().toString();
          if (fn.startsWith(".upload-") || known.contains(f.normalize())) {
            continue; // an upload a crash interrupted is not evidence
          }
          problems.add(
              "evidence/"
                  + root.relativize(f).toString().replace('\\', '/')
                  + ": not recorded in the audit chain (added outside Haechi)");
        }
      }
    }
    return new Result(recorded.size(), held, problems);
  }

  private static long parse(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Set<Long> heldCases(Path events) {
    Set<Long> out = new HashSet<>();
    if (!Files.exists(events.resolve("_manifest.log"))) {
      return out;
    }
    for (LegalHold h : EventStore.open(events).state().activeHolds()) {
      if (h.caseRef() != null && h.caseRef().startsWith("case:")) {
        out.add(parse(h.caseRef().substring(5)));
      }
    }
    return out;
  }
}
