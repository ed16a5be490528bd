package dev.haechi.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The JSON report is written finding by finding, and is byte for byte what serialising the whole
 * document at once gives; the exit code is decided from the counts, without writing findings out
 * again.
 */
class FindingReportTest {
  private static final String[] TEXT = {
    "jkim", "김민지", "\"quoted\"", "back\\slash", "tab\there", "key 🔑 emoji", "line\nbreak", "é"
  };

  @RepeatedTest(30)
  void streamed_json_equals_the_whole_document_written_at_once() {
    Random random = new Random(System.nanoTime());
    List<Finding> findings = new ArrayList<>();
    for (int i = random.nextInt(400); i > 0; i--) {
      findings.add(finding(random, i));
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("people", random.nextInt(100));
    summary.put("note", text(random));
    Map<String, Object> more =
        random.nextBoolean()
            ? Map.of()
            : Map.of(
                "cases", List.of(Map.of("account", text(random), "candidates", List.of("E1"))));

    assertThat(json(out -> FindingReport.print(out, OutputFormat.json, findings, summary, more)))
        .isEqualTo(json(out -> FindingReport.printReference(out, findings, summary, more)));
  }

  @Test
  void findings_are_written_before_the_last_one_is_read() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
    int n = 500;
    List<String> seenWhenLastRead = new ArrayList<>();
    List<Finding> findings =
        new AbstractList<>() {
          @Override
          public Finding get(int i) {
            if (i == n - 1) {
              out.flush();
              seenWhenLastRead.add(bytes.toString(StandardCharsets.UTF_8));
            }
            return new Finding(
                "orphan-account",
                Severity.MEDIUM,
                "finding number " + i + " " + "x".repeat(500),
                Map.of("account", "a" + i),
                List.of("accounts/a.csv:" + (i + 2)),
                "Find the owner.");
          }

          @Override
          public int size() {
            return n;
          }
        };

    FindingReport.print(out, OutputFormat.json, findings, Map.of(), Map.of());

    assertThat(seenWhenLastRead).hasSize(1);
    assertThat(seenWhenLastRead.get(0)).contains("finding number 0 ");
  }

  @Test
  void exit_code_from_the_counts_by_severity_equals_the_one_from_the_findings() {
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      List<Finding> findings = new ArrayList<>();
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (Severity s : Severity.values()) {
        counts.put(s.label(), 0);
      }
      for (int i = random.nextInt(4); i > 0; i--) {
        Finding f = finding(random, i);
        findings.add(f);
        counts.merge(f.severity().label(), 1, Integer::sum);
      }
      for (Severity failOn : Severity.values()) {
        assertThat(FindingReport.exitCode(counts, failOn))
            .isEqualTo(FindingReport.exitCode(findings, failOn));
      }
      assertThat(FindingReport.exitCode(counts, null)).isEqualTo(ExitCodes.OK);
    }
  }

  private static Finding finding(Random random, int i) {
    Map<String, String> subject = new LinkedHashMap<>();
    subject.put("system", text(random));
    subject.put("account", "a" + i);
    List<String> evidence = new ArrayList<>();
    for (int k = random.nextInt(3); k >= 0; k--) {
      evidence.add("accounts/a.csv:" + i + ": " + text(random).repeat(1 + random.nextInt(40)));
    }
    if (random.nextInt(50) == 0) {
      // Longer than the generator's buffer, so it is written in pieces: a piece may end between
      // the two halves of a surrogate pair.
      evidence.add("a".repeat(random.nextInt(7)) + "🔑".repeat(5000 + random.nextInt(3000)));
    }
    return new Finding(
        random.nextBoolean() ? "orphan-account" : "dormant-account",
        Severity.values()[random.nextInt(Severity.values().length)],
        text(random) + " " + i,
        subject,
        evidence,
        text(random));
  }

  private static String text(Random random) {
    return TEXT[random.nextInt(TEXT.length)];
  }

  private static String json(java.util.function.Consumer<PrintStream> print) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    print.accept(out);
    out.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
