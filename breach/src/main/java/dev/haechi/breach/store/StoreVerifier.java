package dev.haechi.breach.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an event store's digest chain: every manifest record's hash links to the one before, and
 * every live Parquet file still has the SHA-256 recorded when it was committed. Held partitions are
 * thereby proven unaltered; a deleted held partition cannot be hidden because its deletion would
 * have to be a record of the chain.
 */
public final class StoreVerifier {
  /**
   * @param firstBrokenSeq the 1-based manifest line of the first broken record, 0 when the chain
   *     links
   * @param problems every problem found, in order (chain first, then files)
   */
  public record Result(
      boolean intact,
      long records,
      long files,
      long heldFiles,
      long firstBrokenSeq,
      List<String> problems,
      String dataVersion) {}

  private StoreVerifier() {}

  public static Result verify(Path dir) throws IOException {
    Path file = dir.resolve(Manifest.FILE);
    List<String> problems = new ArrayList<>();
    long firstBroken = 0;
    long records = 0;
    String prev = Manifest.GENESIS;
    if (!Files.exists(file)) {
      return new Result(true, 0, 0, 0, 0, List.of(), prev);
    }
    String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      records++;
      int tab = line.indexOf('\t');
      String reason = null;
      if (tab != 64) {
        reason = "not HASH<TAB>JSON";
      } else {
        String hash = line.substring(0, tab);
        String expected = Manifest.chain(prev, line.substring(tab + 1));
        if (!hash.equals(expected)) {
          reason =
              "hash does not match the record and its predecessor (altered, removed or inserted)";
        }
        prev = hash;
      }
      if (reason != null) {
        problems.add(Manifest.FILE + ":" + (i + 1) + ": " + reason);
        if (firstBroken == 0) {
          firstBroken = i + 1;
        }
      }
    }
    if (!lines[lines.length - 1].isEmpty()) {
      problems.add(
          Manifest.FILE + ":" + lines.length + ": torn last record (an interrupted append)");
    }
    StoreState s = StoreState.of(Manifest.read(dir));
    long held = 0;
    for (StoredFile f : s.files()) {
      Path p = dir.resolve(f.path());
      boolean isHeld = s.held(f.day());
      held += isHeld ? 1 : 0;
      String tag = isHeld ? " (under legal hold)" : "";
      if (!Files.exists(p)) {
        problems.add(f.path() + ": missing" + tag);
      } else if (!Manifest.sha256(p).equals(f.sha256())) {
        problems.add(f.path() + ": SHA-256 differs from the committed digest" + tag);
      }
    }
    return new Result(
        problems.isEmpty(),
        records,
        s.files().size(),
        held,
        firstBroken,
        problems,
        s.dataVersion());
  }
}
