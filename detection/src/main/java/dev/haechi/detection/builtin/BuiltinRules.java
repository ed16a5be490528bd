package dev.haechi.detection.builtin;

import dev.haechi.detection.rules.LoadFailure;
import dev.haechi.detection.rules.LoadReport;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import dev.haechi.detection.rules.SigmaCorrelation;
import dev.haechi.detection.rules.SigmaFilter;
import dev.haechi.detection.rules.SigmaRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in rule pack for the Coupang pattern (Sigma YAML shipped as resources beside this
 * class, listed in {@code index.txt}). The rules read Haechi's identity enrichment fields, so they
 * are meant for an engine compiled by {@code IdentityAwareEngine}; compiled without it they still
 * load but their enrichment fields are plain (absent) fields and they never fire.
 *
 * <table>
 *   <caption>Built-in rules</caption>
 *   <tr><th>id</th><th>level</th><th>what</th></tr>
 *   <tr><td>{@value #UNTRUSTED_KEY}</td><td>critical</td><td>token signed by a retired or
 *       custodian-left key</td></tr>
 *   <tr><td>{@value #NONEXISTENT_USER}</td><td>high</td><td>token for a user ID that does not
 *       exist</td></tr>
 *   <tr><td>{@value #TERMINATED_ACTIVITY}</td><td>high</td><td>activity of a terminated
 *       employee's account</td></tr>
 *   <tr><td>{@value #SUBJECT_ENUMERATION}</td><td>high</td><td>one kid and source IP presenting 100+
 *       distinct token subjects (token.sub) in 10 minutes ({@code value_count}; base rule {@value
 *       #SUBJECT_DISCLOSURE}, silent)</td></tr>
 *   <tr><td>{@value #BULK_DISCLOSURE}</td><td>high</td><td>bulk disclosure far above the
 *       principal's own trailing baseline</td></tr>
 *   <tr><td>{@value #PRIVILEGED_NEW_COUNTRY}</td><td>high</td><td>privileged principal acting from
 *       a country it never used</td></tr>
 * </table>
 */
public final class BuiltinRules {
  public static final String UNTRUSTED_KEY = "263fe535-901c-4143-97e9-41e147ee25a1";
  public static final String NONEXISTENT_USER = "da48ed33-7610-4132-b73b-0ae47419d35b";
  public static final String TERMINATED_ACTIVITY = "3fcad5ad-e5d7-4ae3-8bbc-711f8d0aebd4";
  public static final String SUBJECT_DISCLOSURE = "494c46b2-796a-4c41-9a1c-d33fd5aabac1";
  public static final String SUBJECT_ENUMERATION = "a985d11f-5722-487c-911e-5d596c4fb894";
  public static final String BULK_DISCLOSURE = "d8c7383c-4d71-4fe9-9338-696a9e559059";
  public static final String PRIVILEGED_NEW_COUNTRY = "1e23561c-a647-4da0-930d-92d2a6a4a6d6";

  private BuiltinRules() {}

  /** The files of the pack, in load order (resource names beside this class). */
  public static List<String> files() {
    List<String> out = new ArrayList<>();
    for (String line : resource("index.txt").split("\n")) {
      String f = line.strip();
      if (!f.isEmpty() && !f.startsWith("#")) {
        out.add(f);
      }
    }
    return out;
  }

  /** The YAML text of one file of the pack. */
  public static String text(String file) {
    return resource(file);
  }

  /** Loads the pack; files are named {@code builtin/FILE} in reports. */
  public static RuleSet load() {
    List<SigmaRule> rules = new ArrayList<>();
    List<SigmaCorrelation> correlations = new ArrayList<>();
    List<SigmaFilter> filters = new ArrayList<>();
    List<LoadFailure> failures = new ArrayList<>();
    int documents = 0;
    for (String f : files()) {
      RuleSet one = RuleLoader.loadText("builtin/" + f, resource(f));
      rules.addAll(one.rules());
      correlations.addAll(one.correlations());
      filters.addAll(one.filters());
      failures.addAll(one.report().failures());
      documents += one.report().documents();
    }
    return new RuleSet(rules, correlations, filters, new LoadReport(documents, failures));
  }

  /** {@code a} and {@code b} as one rule set (e.g. user rules and the pack). */
  public static RuleSet merge(RuleSet a, RuleSet b) {
    List<SigmaRule> rules = new ArrayList<>(a.rules());
    rules.addAll(b.rules());
    List<SigmaCorrelation> correlations = new ArrayList<>(a.correlations());
    correlations.addAll(b.correlations());
    List<SigmaFilter> filters = new ArrayList<>(a.filters());
    filters.addAll(b.filters());
    List<LoadFailure> failures = new ArrayList<>(a.report().failures());
    failures.addAll(b.report().failures());
    return new RuleSet(
        rules,
        correlations,
        filters,
        new LoadReport(a.report().documents() + b.report().documents(), failures));
  }

  private static String resource(String name) {
    try (InputStream in = BuiltinRules.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("built-in rule resource missing: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
