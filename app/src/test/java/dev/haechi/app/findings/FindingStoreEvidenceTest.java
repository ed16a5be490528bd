package dev.haechi.app.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Engines write every evidence line (issue 17: "and 104 more" is the reader's to fold); the store
 * keeps them all while they fit its column and says how many it left out when they do not.
 */
class FindingStoreEvidenceTest {
  final JsonMapper json = JsonMapper.builder().build();
  final FindingStore store = new FindingStore(null, json, null);

  private List<String> read(String stored) {
    return json.readValue(stored, new TypeReference<List<String>>() {});
  }

  @Test
  void a_long_evidence_list_that_fits_is_stored_whole() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      lines.add("catalog/zone-" + i + ".yaml:12 component:default/system-" + i + " (grade 1)");
    }
    String stored = store.evidenceJson(lines);
    assertThat(read(stored)).isEqualTo(lines);
  }

  @Test
  void evidence_longer_than_the_column_keeps_what_fits_and_counts_the_rest() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      lines.add("vault-audit.log:" + i + ": read transit/keys/signer by 김민수 " + "x".repeat(60));
    }
    lines.add(1, "y".repeat(50_000)); // one absurd line is shortened, not the reason to stop
    String stored = store.evidenceJson(lines);
    assertThat(stored.length()).isLessThanOrEqualTo(FindingStore.EVIDENCE_COLUMN);
    List<String> kept = read(stored);
    assertThat(kept.get(0)).isEqualTo(lines.get(0));
    assertThat(kept.get(1)).hasSize(2_000).endsWith("…");
    assertThat(kept.get(2)).isEqualTo(lines.get(2));
    int listed = kept.size() - 1;
    assertThat(listed).isGreaterThan(800);
    assertThat(kept.get(listed))
        .isEqualTo(
            "… and "
                + (lines.size() - listed)
                + " more evidence lines, not kept by the console's store (the engine's --format"
                + " json output lists them all)");
  }
}
