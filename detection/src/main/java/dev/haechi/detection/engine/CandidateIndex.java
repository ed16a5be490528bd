package dev.haechi.detection.engine;

import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.compiler.CompiledVariant;
import dev.haechi.detection.compiler.Needs;
import dev.haechi.detection.event.Event;
import dev.haechi.detection.event.FieldTable;
import dev.haechi.detection.event.FieldValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Evaluates only the rule variants an event can satisfy. Two gates, both from {@link Needs}:
 *
 * <ol>
 *   <li><b>Routing by exact value</b>: a variant that needs a field to equal one of a few values
 *       (the log-source route's {@code Channel} / {@code EventID}, or a rule's own exact match) is
 *       filed in the {@link Bucket} of each of those values; variants with no such field go to one
 *       bucket every event visits. An event visits only the buckets of its own values. Within a
 *       bucket, variants that need a second field to equal one of a few values (the event ID under
 *       a channel) are filed in sub-buckets by that value. Buckets an event visits together are
 *       also built merged (the always-visited one into each keyed bucket, a bucket's own variants
 *       into each of its sub-buckets), so that an event usually visits one bucket and scans each
 *       field once.
 *   <li><b>Required literals</b>: within a bucket, every literal some variant needs goes into one
 *       scanner per field ({@link TextScanner}: an Aho–Corasick automaton, or for large sets whose
 *       table would not stay in cache the hashed {@link LiteralScanner}); each occurrence found in
 *       the event's (lower-cased) value names, through a posting list, the variants that needed it.
 *       Variants with no literal to require are candidates as soon as their bucket is visited.
 * </ol>
 *
 * Work per event is therefore proportional to the literals that occur, not to the rules routed to
 * the event's log source. The survivors are evaluated in full, in rule order. Agreement with {@link
 * FullScan} is checked by a randomised test and by the conformance test. Thread-safe: the index is
 * immutable and per-event scratch state is per thread.
 */
final class CandidateIndex implements RuleMatcher {
  private final CompiledRule[] ruleOf;
  private final int[] ruleIndexOf;
  private final CompiledVariant[] variants;

  /** The slots variants are keyed on, and per slot the bucket of each lower-case value. */
  private final int[] keySlots;

  private final List<Map<String, Bucket>> bucketsByValue;

  /**
   * Per slot, the same buckets each merged with {@link #always} (its plain variants and literals
   * added): an event visits the first keyed bucket it finds in this form and then not {@code
   * always}, so that a field both hold literals for (the keywords: every leaf of the event) is
   * scanned once instead of twice. Null when {@code always} is too large to copy into every bucket.
   */
  private final List<Map<String, Bucket>> mergedByValue;

  private final Bucket always;
  private final int keywordSlot;
  private final int patternCount;
  private final ThreadLocal<Scratch> scratch;

  /**
   * Literals are indexed by their last this many characters: necessary all the same, selective
   * enough (hashes, paths, command-line fragments), and the automata stay small enough to be
   * deterministic tables.
   */
  static final int MAX_LITERAL = 16;

  /**
   * The variants filed under one routing value: those to evaluate outright ({@code plain}) and, per
   * field slot, an automaton whose pattern {@code p} (global number {@code firstPattern[k] + p})
   * lists the variants needing it in {@code postings[k][p]}.
   */
  private record Bucket(
      int[] plain,
      int[] slots,
      TextScanner[] automata,
      int[][][] postings,
      int[] firstPattern,
      int[] subSlots,
      List<Map<String, Bucket>> subs,
      List<Map<String, Bucket>> mergedSubs) {}

  CandidateIndex(List<CompiledRule> rules, FieldTable fields) {
    List<CompiledVariant> vs = new ArrayList<>();
    List<CompiledRule> owners = new ArrayList<>();
    List<Integer> ownerIndex = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      for (CompiledVariant v : rules.get(r).variants()) {
        vs.add(v);
        owners.add(rules.get(r));
        ownerIndex.add(r);
      }
    }
    int n = vs.size();
    variants = vs.toArray(new CompiledVariant[0]);
    ruleOf = owners.toArray(new CompiledRule[0]);
    ruleIndexOf = ownerIndex.stream().mapToInt(Integer::intValue).toArray();
    keywordSlot = fields.size();
    Needs[] needsOf = new Needs[n];
    Map<Integer, Integer> slotPopularity = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Needs route = Needs.of(variants[i].route());
      Needs detection = Needs.of(variants[i].detection());
      List<Needs.Exact> exacts = new ArrayList<>(route.exacts());
      exacts.addAll(detection.exacts());
      // the route's own literals (its channel name) say nothing beyond its exact key
      needsOf[i] = new Needs(exacts, detection.literal());
      exacts.stream()
          .map(Needs.Exact::slot)
          .distinct()
          .forEach(sl -> slotPopularity.merge(sl, 1, Integer::sum));
    }
    Map<Integer, Map<String, BucketBuilder>> builders = new LinkedHashMap<>();
    BucketBuilder free = new BucketBuilder();
    for (int i = 0; i < n; i++) {
      Needs needs = needsOf[i];
      // key on the field most variants can be keyed on, so that an event looks up few fields
      Needs.Exact key = null;
      for (Needs.Exact e : needs.exacts()) {
        if (key == null
            || slotPopularity.get(e.slot()) > slotPopularity.get(key.slot())
            || (slotPopularity.get(e.slot()).equals(slotPopularity.get(key.slot()))
                && e.values().size() < key.values().size())) {
          key = e;
        }
      }
      if (key == null) {
        free.add(i, needs.literal());
      } else {
        // and within the key's bucket on a second field (the event ID under a channel)
        Needs.Exact second = null;
        for (Needs.Exact e : needs.exacts()) {
          if (e.slot() != key.slot()
              && slotPopularity.get(e.slot()) * MIN_SECOND_SHARE >= n
              && (second == null
                  || slotPopularity.get(e.slot()) > slotPopularity.get(second.slot())
                  || (slotPopularity.get(e.slot()).equals(slotPopularity.get(second.slot()))
                      && e.values().size() < second.values().size()))) {
            second = e;
          }
        }
        Map<String, BucketBuilder> m = builders.computeIfAbsent(key.slot(), k -> new HashMap<>());
        for (String value : key.values()) {
          BucketBuilder b = m.computeIfAbsent(value, k -> new BucketBuilder());
          if (second == null) {
            b.add(i, needs.literal());
          } else {
            for (String v2 : second.values()) {
              b.sub(second.slot(), v2).add(i, needs.literal());
            }
          }
        }
      }
    }
    int[] patterns = {0};
    always = free.build(keywordSlot, patterns);
    keySlots = builders.keySet().stream().mapToInt(Integer::intValue).toArray();
    bucketsByValue = new ArrayList<>();
    for (Map<String, BucketBuilder> m : builders.values()) {
      Map<String, Bucket> frozen = new HashMap<>();
      m.forEach((value, b) -> frozen.put(value, b.build(keywordSlot, patterns)));
      bucketsByValue.add(frozen);
    }
    if (free.size() <= MAX_MERGED && !builders.isEmpty()) {
      mergedByValue = new ArrayList<>();
      for (Map<String, BucketBuilder> m : builders.values()) {
        Map<String, Bucket> frozen = new HashMap<>();
        m.forEach((value, b) -> frozen.put(value, free.with(b).build(keywordSlot, patterns)));
        mergedByValue.add(frozen);
      }
    } else {
      mergedByValue = null;
    }
    patternCount = patterns[0];
    scratch = ThreadLocal.withInitial(() -> new Scratch(n, patternCount));
  }

  /**
   * Largest {@link #always} bucket (variants filed there) copied into every keyed bucket ({@link
   * #mergedByValue}).
   */
  static final int MAX_MERGED = 2_000;

  /**
   * A second routing field must be an exact key of at least one variant in this many: a rarer field
   * would cost every event of the bucket a lookup for few variants.
   */
  static final int MIN_SECOND_SHARE = 20;

  /** Collects one bucket's variants while the index is built. */
  private static final class BucketBuilder {
    private final List<Integer> plain = new ArrayList<>();
    private final Map<Integer, Map<String, List<Integer>>> bySlot = new LinkedHashMap<>();

    /** Every variant added, with its literal (null: plain), in order. */
    private final List<Integer> added = new ArrayList<>();

    /** Sub-buckets by second routing slot and value (filled on keyed buckets only). */
    private Map<Integer, Map<String, BucketBuilder>> subs = new LinkedHashMap<>();

    /** This builder's bucket once built without merging (a sub-bucket is shared). */
    private Bucket built;

    private final List<Needs.Literal> addedLiterals = new ArrayList<>();

    int size() {
      return added.size();
    }

    /** The sub-bucket of {@code value} of the second routing slot {@code slot}. */
    BucketBuilder sub(int slot, String value) {
      return subs.computeIfAbsent(slot, k -> new LinkedHashMap<>())
          .computeIfAbsent(value, k -> new BucketBuilder());
    }

    /**
     * A new builder holding this one's variants, then {@code other}'s, and {@code other}'s
     * sub-buckets.
     */
    BucketBuilder with(BucketBuilder other) {
      BucketBuilder out = new BucketBuilder();
      for (BucketBuilder b : List.of(this, other)) {
        for (int i = 0; i < b.added.size(); i++) {
          out.add(b.added.get(i), b.addedLiterals.get(i));
        }
      }
      out.subs = other.subs;
      return out;
    }

    void add(int variant, Needs.Literal literal) {
      added.add(variant);
      addedLiterals.add(literal);
      if (literal == null) {
        plain.add(variant);
        return;
      }
      for (Needs.SlotLiteral l : literal.literals()) {
        String text = l.literal();
        // any piece of a required literal is required too; the tail keeps automata small
        String piece =
            text.length() <= MAX_LITERAL ? text : text.substring(text.length() - MAX_LITERAL);
        List<Integer> posting =
            bySlot
                .computeIfAbsent(l.slot(), k -> new LinkedHashMap<>())
                .computeIfAbsent(piece, k -> new ArrayList<>());
        if (posting.isEmpty() || posting.get(posting.size() - 1) != variant) {
          posting.add(variant);
        }
      }
    }

    /**
     * The bucket; each sub-bucket both alone and, when this one is small enough, merged with this
     * one's own variants (so that an event with a sub-bucket visits one bucket, not two).
     */
    Bucket build(int keywordSlot, int[] patternCounter) {
      int[] subSlots = new int[subs.size()];
      List<Map<String, Bucket>> alone = new ArrayList<>();
      List<Map<String, Bucket>> merged = size() <= MAX_MERGED ? new ArrayList<>() : null;
      int q = 0;
      for (Map.Entry<Integer, Map<String, BucketBuilder>> e : subs.entrySet()) {
        subSlots[q++] = e.getKey();
        Map<String, Bucket> a = new HashMap<>();
        Map<String, Bucket> m = new HashMap<>();
        for (Map.Entry<String, BucketBuilder> sub : e.getValue().entrySet()) {
          BucketBuilder sb = sub.getValue();
          if (sb.built == null) {
            sb.built = sb.build(keywordSlot, patternCounter);
          }
          a.put(sub.getKey(), sb.built);
          if (merged != null) {
            m.put(sub.getKey(), with(sb).build(keywordSlot, patternCounter));
          }
        }
        alone.add(a);
        if (merged != null) {
          merged.add(m);
        }
      }
      int k = bySlot.size();
      int[] slots = new int[k];
      TextScanner[] automata = new TextScanner[k];
      int[][][] postings = new int[k][][];
      int[] first = new int[k];
      int j = 0;
      for (Map.Entry<Integer, Map<String, List<Integer>>> e : bySlot.entrySet()) {
        slots[j] = e.getKey() < 0 ? keywordSlot : e.getKey();
        List<String> literals = new ArrayList<>(e.getValue().keySet());
        TextScanner scanner = TextScanner.of(literals);
        // keyword literals are looked for in every value of the event: most pass no gate pair
        automata[j] = e.getKey() < 0 ? BigramGate.of(literals, scanner) : scanner;
        postings[j] =
            e.getValue().values().stream()
                .map(p -> p.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        first[j] = patternCounter[0];
        patternCounter[0] += literals.size();
        j++;
      }
      return new Bucket(
          plain.stream().mapToInt(Integer::intValue).toArray(),
          slots,
          automata,
          postings,
          first,
          subSlots,
          alone,
          merged);
    }
  }

  /**
   * Per-thread state of one evaluation: variants and patterns already seen (by generation stamp, so
   * nothing is cleared between events) and the candidate list.
   */
  private static final class Scratch implements IntConsumer {
    final int[] variantSeen;
    final int[] patternSeen;
    int generation;
    int[] candidates = new int[64];
    int count;
    int[][] postings;
    int firstPattern;

    Scratch(int variants, int patterns) {
      variantSeen = new int[variants];
      patternSeen = new int[patterns];
    }

    void start() {
      if (++generation == Integer.MAX_VALUE) {
        Arrays.fill(variantSeen, 0);
        Arrays.fill(patternSeen, 0);
        generation = 1;
      }
      count = 0;
    }

    void add(int v) {
      if (variantSeen[v] != generation) {
        variantSeen[v] = generation;
        if (count == candidates.length) {
          candidates = Arrays.copyOf(candidates, 2 * count);
        }
        candidates[count++] = v;
      }
    }

    /** An automaton found pattern {@code id} of the bucket slot being scanned. */
    @Override
    public void accept(int id) {
      int global = firstPattern + id;
      if (patternSeen[global] != generation) {
        patternSeen[global] = generation;
        for (int v : postings[id]) {
          add(v);
        }
      }
    }
  }

  @Override
  public List<CompiledRule> matching(Event event) {
    Scratch s = scratch.get();
    s.start();
    // always's variants are visited once: within the first keyed bucket found, else on their own
    boolean alwaysVisited = false;
    for (int k = 0; k < keySlots.length; k++) {
      Map<String, Bucket> buckets = bucketsByValue.get(k);
      for (FieldValue value : event.values(keySlots[k])) {
        if (!value.isNull()) {
          Bucket b;
          if (!alwaysVisited && mergedByValue != null) {
            b = mergedByValue.get(k).get(value.lower());
            alwaysVisited = b != null;
          } else {
            b = buckets.get(value.lower());
          }
          if (b != null) {
            visitKeyed(b, event, s);
          }
        }
      }
    }
    if (!alwaysVisited) {
      visit(always, event, s);
    }
    int count = s.count;
    int[] candidates = s.candidates;
    Arrays.sort(candidates, 0, count);
    int lastRule = -1;
    List<CompiledRule> out = new ArrayList<>(4);
    for (int i = 0; i < count; i++) {
      int v = candidates[i];
      if (ruleIndexOf[v] != lastRule && variants[v].matches(event)) {
        lastRule = ruleIndexOf[v];
        out.add(ruleOf[v]);
      }
    }
    return out;
  }

  /**
   * A keyed bucket: its sub-buckets for the event's values of their slots, the first of them in the
   * form merged with the bucket's own variants, else the bucket's own variants on their own.
   */
  private void visitKeyed(Bucket b, Event event, Scratch s) {
    boolean ownVisited = false;
    int[] subSlots = b.subSlots();
    for (int k = 0; k < subSlots.length; k++) {
      for (FieldValue value : event.values(subSlots[k])) {
        if (!value.isNull()) {
          Bucket sub;
          if (!ownVisited && b.mergedSubs() != null) {
            sub = b.mergedSubs().get(k).get(value.lower());
            ownVisited = sub != null;
          } else {
            sub = b.subs().get(k).get(value.lower());
          }
          if (sub != null) {
            visit(sub, event, s);
          }
        }
      }
    }
    if (!ownVisited) {
      visit(b, event, s);
    }
  }

  /** The bucket's own variants (not its sub-buckets'). */
  private void visit(Bucket b, Event event, Scratch s) {
    for (int v : b.plain()) {
      s.add(v);
    }
    int[] slots = b.slots();
    for (int k = 0; k < slots.length; k++) {
      s.postings = b.postings()[k];
      s.firstPattern = b.firstPattern()[k];
      TextScanner automaton = b.automata()[k];
      FieldValue[] values = slots[k] == keywordSlot ? event.leaves() : event.values(slots[k]);
      // two values at a time (of any slot): their scans overlap in the processor; values that
      // cannot hold a string of the slot's automaton (too short, or without the punctuation all
      // its strings have) are not scanned
      FieldValue pending = null;
      for (FieldValue value : values) {
        if (value.isNull() || !automaton.mayOccur(value.text())) {
          continue;
        }
        if (pending == null) {
          pending = value;
        } else {
          if (!automaton.scanAsciiPair(pending.text(), value.text(), s)) {
            scanOne(automaton, pending, s);
            scanOne(automaton, value, s);
          }
          pending = null;
        }
      }
      if (pending != null) {
        scanOne(automaton, pending, s);
      }
    }
  }

  private static void scanOne(TextScanner automaton, FieldValue value, Scratch s) {
    // ASCII values are scanned as written, lowered on the fly: no folded copy
    if (!value.isNull() && !automaton.scanAscii(value.text(), s)) {
      automaton.scan(value.lower(), s);
    }
  }
}
