package dev.haechi.resilience.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes random, valid catalogs in the FORMATS.md §3 YAML format, for property tests and
 * benchmarks: sites, zones (each in a site), power and cooling assets feeding one to three zones,
 * components and resources with grades, RPO/RTO, placements (some with standbys or replicas in
 * other zones), dependencies, and backups with intervals and last successes.
 *
 * <p>Dependencies always point from a higher-numbered entity to a lower-numbered one, so the graph
 * is acyclic; half point to a near neighbour (services built on a few shared stores), half anywhere
 * below. Deterministic for a given {@link CatalogShape}.
 */
public final class CatalogGenerator {
  private static final int PER_FILE = 5_000;
  private final CatalogShape shape;
  private final SplittableRandom random;

  private CatalogGenerator(CatalogShape shape) {
    this.shape = shape;
    this.random = new SplittableRandom(shape.seed());
  }

  /** The catalog as YAML texts keyed by relative file name. */
  public static Map<String, String> yaml(CatalogShape shape) {
    return new CatalogGenerator(shape).files();
  }

  /** Writes the catalog's files into {@code dir} (created if needed). */
  public static void writeTo(Path dir, CatalogShape shape) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> f : yaml(shape).entrySet()) {
        Path p = dir.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reference of generated workload {@code i}. */
  public static String ref(int i) {
    return (isResource(i) ? "resource" : "component") + ":default/" + name(i);
  }

  private static boolean isResource(int i) {
    return i % 3 == 0;
  }

  private static String name(int i) {
    return (isResource(i) ? "r" : "c") + i;
  }

  private Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    StringBuilder b = new StringBuilder();
    for (int s = 0; s < shape.sites(); s++) {
      doc(b, "haechi.dev/v1alpha1", "Site", "site" + s);
      b.append("spec:\n  region: KR-").append(10 + s).append('\n');
    }
    for (int z = 0; z < shape.zones(); z++) {
      doc(b, "haechi.dev/v1alpha1", "Zone", "z" + z);
      b.append("spec:\n  site: site").append(z % shape.sites()).append("\n  type: room\n");
      if (z >= shape.sites() && z % 3 == 2) {
        // some zones nest in another of their site (a room in a floor), chains included; chosen
        // without the random source so that everything else the generator writes stays the same
        b.append("  parent: z").append(z - shape.sites()).append('\n');
      }
    }
    files.put("physical/sites-and-zones.yaml", b.toString());

    b.setLength(0);
    int assets = Math.max(1, shape.zones() / 2);
    for (int a = 0; a < assets; a++) {
      boolean cooling = a % 4 == 3;
      boolean generator = a % 8 == 6; // a source: needs no power itself
      doc(b, "haechi.dev/v1alpha1", "PowerAsset", "pa" + a);
      b.append("spec:\n  type: ")
          .append(cooling ? "cooling" : generator ? "generator" : "ups-battery")
          .append('\n');
      String chemistry = cooling ? "none" : random.nextBoolean() ? "li-ion-ncm" : "vrla";
      b.append("  chemistry: ").append(generator ? "none" : chemistry).append('\n');
      b.append("  zone: z").append(random.nextInt(shape.zones())).append('\n');
      b.append("  feeds: [");
      int feeds = 1 + random.nextInt(3);
      for (int f = 0; f < feeds; f++) {
        b.append(f == 0 ? "" : ", ").append('z').append(random.nextInt(shape.zones()));
      }
      b.append("]\n");
      b.append("  manufactured: ").append(2010 + random.nextInt(14)).append("-03-01\n");
      b.append("  ratedLifeYears: 10\n");
      b.append("  warrantyEnd: ").append(2018 + random.nextInt(10)).append("-08-01\n");
    }
    files.put("physical/power.yaml", b.toString());

    int n = shape.workloads();
    long maxEdges = (long) n * (n - 1) / 2;
    int edges = (int) Math.min(shape.dependencyEdges(), maxEdges);
    int[] depCount = new int[n];
    // Spread edges over entities 1..n-1 (entity 0 has nothing below it).
    for (int e = 0; e < edges && n > 1; e++) {
      int i = 1 + random.nextInt(n - 1);
      if (depCount[i] < i) {
        depCount[i]++;
      } else {
        e--;
      }
    }
    b.setLength(0);
    StringBuilder backups = new StringBuilder();
    int file = 0;
    for (int i = 0; i < n; i++) {
      workload(b, i, depCount[i]);
      if (isResource(i) && random.nextInt(4) != 0) {
        backup(backups, i);
      }
      if ((i + 1) % PER_FILE == 0 || i == n - 1) {
        files.put(String.format("systems/workloads-%03d.yaml", file++), b.toString());
        b.setLength(0);
      }
    }
    files.put("backups.yaml", backups.toString());
    return files;
  }

  private void workload(StringBuilder b, int i, int deps) {
    boolean resource = isResource(i);
    doc(b, "backstage.io/v1alpha1", resource ? "Resource" : "Component", name(i));
    b.append("  annotations:\n");
    int grade = random.nextInt(10);
    if (grade < 9) {
      b.append("    haechi.dev/grade: \"").append(1 + grade % 4).append("\"\n");
    }
    int z1 = random.nextInt(shape.zones());
    b.append("    haechi.dev/placement: ")
        .append('z')
        .append(z1)
        .append(resource ? ":primary" : ":active");
    if (random.nextInt(4) == 0 && shape.zones() > 1) {
      int z2 = (z1 + 1 + random.nextInt(shape.zones() - 1)) % shape.zones();
      String role =
          resource ? (random.nextBoolean() ? ":replica-sync" : ":replica-async") : ":standby";
      b.append(", z").append(z2).append(role);
    }
    b.append('\n');
    if (random.nextInt(3) == 0) {
      b.append("    haechi.dev/rpo: ")
          .append(new String[] {"0", "1h", "24h", "7d"}[random.nextInt(4)])
          .append('\n');
      b.append("    haechi.dev/rto: ")
          .append(new String[] {"4h", "24h", "3d"}[random.nextInt(3)])
          .append('\n');
    }
    if (random.nextInt(2) == 0) {
      b.append("    haechi.dev/restore-effort: \"").append(1 + random.nextInt(24)).append("\"\n");
    }
    if (resource && random.nextInt(4) == 0) {
      b.append("    haechi.dev/replica-lag: ").append(1 + random.nextInt(60)).append("m\n");
    }
    b.append("spec:\n  type: ").append(resource ? "database" : "service").append('\n');
    b.append("  owner: group:default/ops\n");
    if (deps > 0) {
      b.append("  dependsOn:\n");
      int window = Math.min(i, 50);
      java.util.BitSet chosen = new java.util.BitSet(i);
      for (int d = 0; d < deps; d++) {
        int j = random.nextBoolean() ? i - 1 - random.nextInt(window) : random.nextInt(i);
        while (chosen.get(j)) {
          j = (j + 1) % i; // deps <= i, so a free one exists
        }
        chosen.set(j);
        b.append("    - ").append(ref(j)).append('\n');
      }
    }
  }

  private void backup(StringBuilder b, int i) {
    doc(b, "haechi.dev/v1alpha1", "Backup", name(i) + "-backup");
    b.append("spec:\n  of: ").append(ref(i)).append('\n');
    b.append("  zone: z").append(random.nextInt(shape.zones())).append('\n');
    b.append("  interval: ")
        .append(new String[] {"1h", "24h", "7d", "30d"}[random.nextInt(4)])
        .append('\n');
    if (random.nextInt(5) != 0) {
      b.append("  lastSuccess: 2025-09-")
          .append(10 + random.nextInt(16))
          .append("T0")
          .append(random.nextInt(10))
          .append(":00:00+09:00\n");
    }
  }

  private static void doc(StringBuilder b, String apiVersion, String kind, String name) {
    b.append("---\napiVersion: ")
        .append(apiVersion)
        .append("\nkind: ")
        .append(kind)
        .append("\nmetadata:\n  name: ")
        .append(name)
        .append('\n');
  }
}
