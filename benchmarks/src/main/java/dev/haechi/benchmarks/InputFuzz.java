package dev.haechi.benchmarks;

import dev.haechi.core.InputException;
import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import dev.haechi.identity.readers.AccountCsvReader;
import dev.haechi.identity.readers.AwsCredentialReportReader;
import dev.haechi.identity.readers.HrCsvReader;
import dev.haechi.identity.readers.JwksReader;
import dev.haechi.identity.readers.LdifAccountReader;
import dev.haechi.identity.readers.ScimAccountReader;
import dev.haechi.identity.readers.SecretInventoryReader;
import dev.haechi.identity.readers.VaultAuditLogReader;
import dev.haechi.resilience.catalog.CatalogLoader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Mutation fuzzing of every reader of user input: the identity files (FORMATS.md §1), Sigma rules
 * and pipelines, JSON events, and the resilience catalog. Each target starts from a valid sample of
 * the demo organisations, mutates it (deletes, inserts, duplicates, truncates, swaps lines, with
 * the characters formats care about) and reads it. A reader may accept the input or refuse it with
 * an {@link InputException} naming the source; anything else (another exception, a hang caught by
 * the time per input) is a failure, printed with the input that caused it.
 *
 * <p>Long run: {@code java -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.InputFuzz [seconds-per-target=60] [seed] [target…]}. CI runs a few hundred
 * inputs per target ({@code InputFuzzSmokeTest}).
 */
public final class InputFuzz {
  private static final String ALPHABET = ",\"'\n\r\t:;{}[]#=-|*%\\/ 0aZ9é한\u0000\uFFFD";

  /** One reader under fuzz: its samples and how to read one input. */
  record Target(String name, List<String> samples, Consumer<String> read) {}

  /** What fuzzing one target found. */
  public record Outcome(String target, long inputs, long refused, List<String> failures) {}

  private InputFuzz() {}

  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
    Set<String> only = Set.copyOf(List.of(args).subList(Math.min(2, args.length), args.length));
    System.out.println("seed " + seed);
    int failed = 0;
    for (Target t : targets(Files.createTempDirectory("haechi-fuzz"))) {
      if (!only.isEmpty() && !only.contains(t.name())) {
        continue;
      }
      Outcome o = fuzz(t, seed, Long.MAX_VALUE, seconds * 1000);
      System.out.printf(
          "%-14s %,10d inputs, %,10d refused with a reason, %d failures%n",
          o.target(), o.inputs(), o.refused(), o.failures().size());
      o.failures().stream().limit(5).forEach(f -> System.out.println("  " + f));
      failed += o.failures().size();
    }
    System.exit(failed == 0 ? 0 : 1);
  }

  /** Fuzzes one target for at most {@code inputs} inputs or {@code millis} ms. */
  public static Outcome fuzz(Target t, long seed, long inputs, long millis) {
    SplittableRandom random = new SplittableRandom(seed ^ t.name().hashCode());
    long deadline = System.currentTimeMillis() + millis;
    long n = 0;
    long refused = 0;
    List<String> failures = new ArrayList<>();
    while (n < inputs && System.currentTimeMillis() < deadline && failures.size() < 20) {
      String input = mutate(t.samples().get(random.nextInt(t.samples().size())), random);
      n++;
      try {
        t.read().accept(input);
      } catch (InputException e) {
        refused++;
        if (e.getMessage() == null || e.getMessage().isBlank()) {
          failures.add("InputException without a reason for: " + clip(input));
        }
      } catch (RuntimeException | StackOverflowError e) {
        StackTraceElement[] at = e.getStackTrace();
        StringBuilder where = new StringBuilder();
        for (int k = 0; k < Math.min(6, at.length); k++) {
          where.append(k == 0 ? " at " : " < ").append(at[k]);
        }
        failures.add(
            e.getClass().getName() + ": " + e.getMessage() + where + " for: " + clip(input));
      }
    }
    return new Outcome(t.name(), n, refused, failures);
  }

  static String mutate(String s, SplittableRandom r) {
    StringBuilder b = new StringBuilder(s);
    int ops = 1 + r.nextInt(4);
    for (int i = 0; i < ops; i++) {
      int at = b.length() == 0 ? 0 : r.nextInt(b.length() + 1);
      switch (r.nextInt(6)) {
        case 0 -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(8)));
        case 1 -> {
          for (int k = r.nextInt(1, 6); k > 0; k--) {
            b.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
          }
        }
        case 2 -> {
          int end = Math.min(b.length(), at + r.nextInt(40));
          b.insert(at, b.substring(at, end));
        }
        case 3 -> b.setLength(at);
        case 4 -> {
          if (at < b.length()) {
            b.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
          }
        }
        default -> {
          String[] lines = b.toString().split("\n", -1);
          if (lines.length > 2) {
            int x = r.nextInt(lines.length);
            int y = r.nextInt(lines.length);
            String tmp = lines[x];
            lines[x] = lines[y];
            lines[y] = tmp;
            b.setLength(0);
            b.append(String.join("\n", lines));
          }
        }
      }
    }
    return b.toString();
  }

  /**
   * Every target, with samples taken from the small demo organisations written into {@code dir}.
   */
  public static List<Target> targets(Path dir) throws IOException {
    DemoOrganisations.generate(
        dir, new DemoOptions(DemoOptions.DEFAULT_SEED, 0.01, Set.of("retailer", "government")));
    Path retailer = dir.resolve("retailer");
    Path government = dir.resolve("government");
    List<Target> out = new ArrayList<>();
    out.add(
        new Target(
            "hr-csv",
            head(retailer.resolve("hr.csv"), 12),
            s -> HrCsvReader.read(new StringReader(s), "hr.csv")));
    out.add(
        new Target(
            "accounts-csv",
            head(retailer.resolve("accounts/crm.csv"), 12),
            s -> AccountCsvReader.read(new StringReader(s), "crm.csv", "crm")));
    out.add(
        new Target(
            "ldif",
            head(retailer.resolve("accounts/corp-ad.ldif"), 60),
            s -> LdifAccountReader.read(new StringReader(s), "corp-ad.ldif", "corp-ad")));
    out.add(
        new Target(
            "aws-report",
            head(retailer.resolve("accounts/aws-prod.aws.csv"), 8),
            s -> AwsCredentialReportReader.read(new StringReader(s), "aws.csv", "aws")));
    out.add(
        new Target(
            "scim-json",
            List.of(firstScimUsers(retailer.resolve("accounts/idp.json"))),
            s -> {
              try {
                Path f = Files.createTempFile("fuzz", ".json");
                try {
                  Files.writeString(f, s);
                  ScimAccountReader.read(f, "idp.json", "idp");
                } finally {
                  Files.deleteIfExists(f);
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }));
    out.add(
        new Target(
            "secrets-csv",
            head(retailer.resolve("secrets.csv"), 10),
            s -> SecretInventoryReader.read(new StringReader(s), "secrets.csv")));
    out.add(
        new Target(
            "vault-log",
            head(retailer.resolve("vault-audit.log"), 6),
            s ->
                VaultAuditLogReader.read(
                    new StringReader(s), "vault-audit.log", List.of("transit/keys/token-signer"))));
    out.add(
        new Target(
            "jwks",
            List.of(Files.readString(retailer.resolve("jwks/gateway.json"))),
            s -> JwksReader.read(new StringReader(s), "gateway.json", "gateway")));
    List<String> rules = new ArrayList<>();
    for (String f : BuiltinRules.files()) {
      rules.add(BuiltinRules.text(f));
    }
    out.add(
        new Target(
            "sigma-rule",
            rules,
            s -> {
              RuleSet set = RuleLoader.loadText("fuzz.yml", s);
              DetectionEngine.compile(set, List.of());
            }));
    out.add(
        new Target(
            "pipeline",
            List.of(
                "name: fuzz\npriority: 20\ntransformations:\n  - id: map\n    type: field_name_mapping\n"
                    + "    mapping:\n      Image: process.executable\n      User: user.name\n"
                    + "  - id: vars\n    type: value_placeholders\n"
                    + "vars:\n  admins: [root, admin]\n"),
            s -> PipelineLoader.parse("fuzz.yml", s)));
    DetectionEngine engine = DetectionEngine.compile(BuiltinRules.load(), List.of());
    out.add(
        new Target(
            "event-json",
            lines(retailer.resolve("events/gateway.jsonl"), 20),
            s -> {
              for (String line : s.split("\n")) {
                engine.evaluate(line, a -> {});
              }
            }));
    Map<String, String> catalog = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(government)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        catalog.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    String systems = catalog.get("systems.yaml");
    String sample = systems.substring(0, Math.min(systems.length(), 6000));
    out.add(
        new Target(
            "catalog-yaml",
            List.of(sample),
            s -> {
              Map<String, String> files = new LinkedHashMap<>(catalog);
              files.put("systems.yaml", s);
              CatalogLoader.load(files);
            }));
    return out;
  }

  private static List<String> head(Path f, int lines) throws IOException {
    return List.of(String.join("\n", lines(f, lines)) + "\n");
  }

  private static List<String> lines(Path f, int n) throws IOException {
    try (Stream<String> s = Files.lines(f, StandardCharsets.UTF_8)) {
      return s.limit(n).toList();
    }
  }

  /** The export's ListResponse cut to its first three users (still valid). */
  private static String firstScimUsers(Path f) throws IOException {
    var json = tools.jackson.databind.json.JsonMapper.builder().build();
    var root = (tools.jackson.databind.node.ObjectNode) json.readTree(Files.readString(f));
    var resources = (tools.jackson.databind.node.ArrayNode) root.get("Resources");
    while (resources.size() > 3) {
      resources.remove(resources.size() - 1);
    }
    root.put("totalResults", resources.size());
    root.put("itemsPerPage", resources.size());
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  private static String clip(String s) {
    String one = s.replace("\n", "\\n");
    return one.length() > 300 ? one.substring(0, 300) + "…" : one;
  }
}
