package dev.haechi.detection.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Loads Sigma rules from files and directories (recursively, {@code .yml} and {@code .yaml}). A
 * document that cannot be taken is reported in the {@link LoadReport} with its file and reason and
 * never keeps the others from loading; a correlation rule naming a rule that is not loaded is
 * reported too. Stateless and thread-safe.
 */
public final class RuleLoader {
  private RuleLoader() {}

  /** Loads every rule under {@code paths}. */
  public static RuleSet load(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(Files::isRegularFile)
              .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      } else {
        files.add(p);
      }
    }
    Accumulator acc = new Accumulator();
    for (Path f : files) {
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        acc.failures.add(new LoadFailure(f.toString(), 0, "cannot read: " + e.getMessage()));
        continue;
      }
      acc.add(f.toString(), text);
    }
    return acc.finish();
  }

  /** Loads rules from YAML text (one or more documents) named {@code source} in reports. */
  public static RuleSet loadText(String source, String yaml) {
    Accumulator acc = new Accumulator();
    acc.add(source, yaml);
    return acc.finish();
  }

  private static final class Accumulator {
    final List<SigmaRule> rules = new ArrayList<>();
    final List<SigmaCorrelation> correlations = new ArrayList<>();
    final List<SigmaFilter> filters = new ArrayList<>();
    final List<LoadFailure> failures = new ArrayList<>();
    int documents;

    void add(String source, String text) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      Yaml yaml = new Yaml(new SafeConstructor(options));
      List<Object> docs = new ArrayList<>();
      try {
        for (Object d : yaml.loadAll(text)) {
          docs.add(d);
        }
      } catch (MarkedYAMLException e) {
        failures.add(
            new LoadFailure(
                source,
                0,
                "YAML error at line "
                    + (e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1)
                    + ": "
                    + e.getProblem()));
        return;
      } catch (YAMLException e) {
        failures.add(new LoadFailure(source, 0, "YAML error: " + e.getMessage()));
        return;
      }
      int n = 0;
      for (Object d : docs) {
        n++;
        if (d == null) {
          continue;
        }
        documents++;
        try {
          Object parsed = DocumentParser.parse(d, new RuleOrigin(source, n));
          if (parsed instanceof SigmaRule r) {
            rules.add(r);
          } else if (parsed instanceof SigmaCorrelation c) {
            correlations.add(c);
          } else if (parsed instanceof SigmaFilter f) {
            filters.add(f);
          }
        } catch (RuleSyntaxException e) {
          failures.add(new LoadFailure(source, n, e.getMessage()));
        }
      }
    }

    RuleSet finish() {
      Set<String> known = new HashSet<>();
      for (SigmaRule r : rules) {
        addKeys(known, r.id(), r.name());
      }
      for (SigmaCorrelation c : correlations) {
        addKeys(known, c.id(), c.name());
      }
      List<SigmaCorrelation> resolved = new ArrayList<>();
      for (SigmaCorrelation c : correlations) {
        List<String> missing = c.rules().stream().filter(r -> !known.contains(r)).toList();
        if (missing.isEmpty()) {
          resolved.add(c);
        } else {
          failures.add(
              new LoadFailure(
                  c.origin().file(),
                  c.origin().document(),
                  "correlation '" + c.title() + "' refers to unknown rule(s) " + missing));
        }
      }
      return new RuleSet(rules, resolved, filters, new LoadReport(documents, failures));
    }

    private static void addKeys(Set<String> known, String id, String name) {
      if (id != null) {
        known.add(id);
      }
      if (name != null) {
        known.add(name);
      }
    }
  }
}
