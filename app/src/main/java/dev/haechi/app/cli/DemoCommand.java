package dev.haechi.app.cli;

import dev.haechi.app.demo.DemoLoader;
import dev.haechi.app.demo.DemoProgress;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import dev.haechi.demo.GeneratedOrganisation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code haechi demo}: generate (or reuse) the demo organisations, start the server on the embedded
 * store, load the demo through the engines, and say where to sign in. The server starts first, so
 * the console is up as early as possible, and says what is still loading.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start the server at http://localhost:8080 with the demo organisations loaded:",
      "the retailer (a leaver who kept a token-signing key) and the government (a battery past"
          + " its life next to grade-1 systems).",
      "Demo files are written to HOME/demo and reused while seed, scale and generator match."
    })
public class DemoCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Mixin ListenOptions listen;

  @Option(
      names = "--scale",
      description = "Size of the demo organisations, 1.0 = full size (default: ${DEFAULT-VALUE}).",
      defaultValue = "1.0")
  double scale;

  @Option(names = "--seed", description = "Seed of the generator (default: ${DEFAULT-VALUE}).")
  long seed = DemoOptions.DEFAULT_SEED;

  @Option(
      names = "--generate-only",
      description = "Write the demo files to HOME/demo and exit without starting the server.")
  boolean generateOnly;

  @Override
  public Integer call() throws Exception {
    DemoOptions options = new DemoOptions(seed, scale, Set.copyOf(DemoOrganisations.ORGANISATIONS));
    Path home = store.home();
    Path demoDir = home.resolve("demo");
    Files.createDirectories(demoDir);
    long t0 = System.nanoTime();
    if (generateOnly) {
      progress(
          "generating demo organisations in "
              + demoDir.toAbsolutePath()
              + " (scale "
              + scale
              + ")");
      List<GeneratedOrganisation> orgs = DemoOrganisations.reuseOrGenerate(demoDir, options);
      orgs.forEach(
          o ->
              progress(
                  o.name()
                      + (o.reused() ? ": reused " : ": wrote ")
                      + o.files().size()
                      + " files in "
                      + o.directory().toAbsolutePath()));
      return ExitCodes.OK;
    }
    // The console first: on two cores, generating while Spring starts slows both down.
    var context =
        ServerLauncher.start(
            new ServerOptions(home, store.database(), listen.port, listen.bindOr("127.0.0.1")));
    String url =
        "http://localhost:" + context.getEnvironment().getProperty("local.server.port") + "/";
    progress(String.format("console up at %s after %.1f s; loading the demo...", url, secs(t0)));
    DemoLoader loader = context.getBean(DemoLoader.class);
    DemoProgress status = context.getBean(DemoProgress.class);
    status.update("generating the demo organisations");
    progress(
        "generating demo organisations in " + demoDir.toAbsolutePath() + " (scale " + scale + ")");
    List<GeneratedOrganisation> orgs;
    try {
      orgs = DemoOrganisations.reuseOrGenerate(demoDir, options);
    } finally {
      status.done();
    }
    String fingerprint = "seed=" + seed + " scale=" + scale;
    for (GeneratedOrganisation org : orgs) {
      status.update(
          "loading the "
              + org.name()
              + (org.name().equals("retailer")
                  ? " (Leaver Guard is reconciling its people, accounts and secrets)"
                  : " (the risk assessment is reading its catalog)"));
      try {
        DemoLoader.Loaded loaded =
            switch (org.name()) {
              case "retailer" -> loader.loadRetailer(org.directory(), fingerprint);
              case "government" -> loader.loadGovernment(org.directory(), fingerprint);
              default -> null;
            };
        if (loaded != null) {
          progress(
              loaded.reused()
                  ? org.name() + ": already loaded"
                  : org.name()
                      + ": "
                      + loaded.findings()
                      + " "
                      + loaded.capability()
                      + " findings");
        }
        if (org.name().equals("government")) {
          status.update("checking the government's week of backup and replication reports");
          int open = loader.loadGovernmentReports(org.directory());
          progress("government: " + open + " live resilience findings from a week of reports");
          status.update("planning the restoration after the fire (20 crews)");
          if (loader.startGovernmentIncident(20, java.time.Duration.ofSeconds(15))) {
            progress("government: fire in dj-5f-r7, restoration planned, incident on /status");
          }
        }
        if (org.name().equals("retailer")) {
          status.update("Breach Watch is replaying the retailer's gateway events");
          DemoLoader.Loaded replayed =
              loader.replayRetailerEvents(
                  org.directory(),
                  fingerprint,
                  n ->
                      status.update(
                          "Breach Watch is replaying the retailer's gateway events ("
                              + n
                              + " so far)"));
          progress(
              replayed.reused()
                  ? "retailer gateway events: already replayed"
                  : "retailer gateway events: " + replayed.findings() + " detection alerts");
        }
      } catch (RuntimeException | java.io.IOException e) {
        System.err.println(
            "haechi: the "
                + org.name()
                + " demo did not load (nothing of it was stored): "
                + e.getMessage());
      }
    }
    status.done();
    Path passwordFile = home.resolve("initial-admin-password");
    System.out.printf("%nHaechi demo is ready (%.1f s): %s%n", secs(t0), url);
    if (Files.exists(passwordFile)) {
      System.out.println("Sign in as admin with the password in " + passwordFile.toAbsolutePath());
    } else {
      System.out.println("Sign in as admin (password from HAECHI_ADMIN_PASSWORD).");
    }
    System.out.println("Stop with Ctrl-C.");
    return ExitCodes.OK;
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void progress(String message) {
    System.err.println("haechi demo: " + message);
  }
}
