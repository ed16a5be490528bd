package dev.haechi.app.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import picocli.CommandLine.Option;

/** {@code --at DATE}: when a simulated event happens, for data-loss windows (default: now). */
public class EventTimeOption {
  @Option(
      names = "--at",
      paramLabel = "DATE",
      description = "When it happens, for data-loss windows (default: now).")
  String at;

  Instant instant() {
    return at == null
        ? Instant.now()
        : IdentityCommand.parseDate(at).atStartOfDay().toInstant(ZoneOffset.UTC);
  }
}
