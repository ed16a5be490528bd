package dev.haechi.app.cli;

import dev.haechi.app.breach.AlertSelector;
import dev.haechi.breach.notice.NoticeContact;
import dev.haechi.breach.notice.NoticeDraft;
import dev.haechi.breach.scope.ScopeJson;
import dev.haechi.breach.scope.ScopeQuery;
import dev.haechi.breach.scope.ScopeQuery.Selector;
import dev.haechi.breach.scope.ScopeResult;
import dev.haechi.core.InputException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code haechi breach}: breach response from the command line. */
@Command(
    name = "breach",
    mixinStandardHelpOptions = true,
    description = "Breach response: who was affected, exactly.",
    subcommands = {BreachCommand.Scope.class})
public class BreachCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (see 'haechi breach --help')");
  }

  /** FORMATS.md §5. */
  @Command(
      name = "scope",
      mixinStandardHelpOptions = true,
      description = {
        "Whose data a compromised key, principal or address disclosed, which categories, when.",
        "Only data.subject_ids count as disclosed; other selected events count as requests."
            + " The window is half-open, [from, to). Exit 2 on a bad query; a corrupt partition"
            + " is named on standard error, skipped, and the result marked incomplete (exit 1)."
      })
  public static class Scope implements Callable<Integer> {
    @Mixin EventsCommand.StoreDir store;

    @Option(names = "--kid", paramLabel = "KID", description = "token.kid of the signing key.")
    String kid;

    @Option(names = "--principal", paramLabel = "ID", description = "user.id of the principal.")
    String principal;

    @Option(
        names = "--source-ip",
        paramLabel = "IP",
        arity = "1..*",
        description = "source.ip (repeatable; any of them).")
    List<String> sourceIps = new ArrayList<>();

    @Option(
        names = "--alert",
        paramLabel = "ID",
        description = "A stored alert (from --home/--db-url): its key, else its source addresses.")
    Long alert;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Inclusive start.")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Exclusive end.")
    String to;

    @Option(
        names = "--subjects-csv",
        paramLabel = "FILE",
        description = "Write the distinct subjects for the notification letters.")
    Path subjectsCsv;

    @Option(names = "--format", description = "table or json (default: table on a terminal).")
    OutputFormat format;

    @Option(
        names = "--notice",
        description =
            "Also draft the breach notice (Korean and English) from the result. The sender comes"
                + " from --organisation, --privacy-officer, --contact, --regulator or the"
                + " environment (HAECHI_BREACH_NOTICE_ORGANISATION, _PRIVACYOFFICER, _CONTACT,"
                + " _REGULATOR); an unset one is marked [NOT SET: …] in the draft and warned about"
                + " on standard error.")
    boolean notice;

    @Option(
        names = "--organisation",
        paramLabel = "NAME",
        description = "Notice: the organisation's name.")
    String organisation;

    @Option(
        names = "--privacy-officer",
        paramLabel = "NAME",
        description = "Notice: the privacy officer (CPO / DPO).")
    String privacyOfficer;

    @Option(
        names = "--contact",
        paramLabel = "TEXT",
        description = "Notice: how people reach the privacy officer.")
    String contact;

    @Option(
        names = "--regulator",
        paramLabel = "NAME",
        description = "Notice: the authority the breach is reported to.")
    String regulator;

    @Override
    public Integer call() throws IOException, SQLException {
      int selectors =
          (kid != null ? 1 : 0)
              + (principal != null ? 1 : 0)
              + (sourceIps.isEmpty() ? 0 : 1)
              + (alert != null ? 1 : 0);
      if (selectors != 1) {
        throw new InputException(
            "scope",
            0,
            selectors == 0
                ? "no selector: give --kid, --principal, --source-ip or --alert"
                : "give only one of --kid, --principal, --source-ip, --alert");
      }
      Instant f = instant(from, "--from");
      Instant t = instant(to, "--to");
      ScopeQuery q;
      if (kid != null) {
        q = ScopeQuery.of(Selector.KID, List.of(kid), f, t);
      } else if (principal != null) {
        q = ScopeQuery.of(Selector.PRINCIPAL, List.of(principal), f, t);
      } else if (!sourceIps.isEmpty()) {
        q = ScopeQuery.of(Selector.SOURCE_IP, sourceIps, f, t);
      } else {
        q = fromAlert(f, t);
      }
      if (!java.nio.file.Files.isDirectory(store.dir())) {
        throw new InputException(store.dir().toString(), 0, "no event store here (--store)");
      }
      ScopeResult r = store.open().scope(q, subjectsCsv != null);
      for (String e : r.errors()) {
        System.err.println("haechi: " + e);
      }
      if (subjectsCsv != null) {
        try (Writer w = Files.newBufferedWriter(subjectsCsv, StandardCharsets.UTF_8)) {
          ScopeJson.writeCsv(r, w);
        }
      }
      NoticeContact who = null;
      if (notice) {
        who =
            NoticeContact.fromEnvironment(System.getenv())
                .overriddenBy(new NoticeContact(organisation, privacyOfficer, contact, regulator));
        for (String w : who.warnings()) {
          System.err.println("haechi: warning: " + w);
        }
      }
      if (OutputFormat.defaultFor(format) == OutputFormat.json) {
        tools.jackson.databind.node.ObjectNode j = ScopeJson.toJson(r);
        if (who != null) {
          j.put("notice_ko", NoticeDraft.korean(r, who));
          j.put("notice_en", NoticeDraft.english(r, who));
          tools.jackson.databind.node.ArrayNode ws = j.putArray("notice_warnings");
          who.warnings().forEach(ws::add);
        }
        System.out.println(
            tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(j));
      } else {
        printTable(r);
        if (who != null) {
          System.out.println();
          System.out.println("notice (한국어)");
          System.out.println(NoticeDraft.korean(r, who));
          System.out.println();
          System.out.println("notice (English)");
          System.out.println(NoticeDraft.english(r, who));
        }
      }
      return r.complete() ? ExitCodes.OK : ExitCodes.FOUND;
    }

    private ScopeQuery fromAlert(Instant f, Instant t) throws SQLException {
      var db = store.home.database();
      db.checkReachable();
      try (Connection c = db.connect()) {
        c.setReadOnly(true);
        return AlertSelector.query(c, alert, f, t);
      }
    }

    private static Instant instant(String text, String option) {
      if (text == null) {
        return null;
      }
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        try {
          return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e2) {
          throw new InputException(
              option, 0, "not an ISO-8601 date or date-time with offset: " + text);
        }
      }
    }

    private static void printTable(ScopeResult r) {
      System.out.printf("%-14s %s%n", "selector", ScopeJson.query(r.query()));
      System.out.printf("%-14s %,d%n", "subjects", r.subjects());
      System.out.printf("%-14s %,d%n", "requests", r.requests());
      System.out.printf("%-14s %s%n", "first access", r.firstAccess());
      System.out.printf("%-14s %s%n", "last access", r.lastAccess());
      System.out.println("categories");
      for (Map.Entry<String, Long> c : r.categories().entrySet()) {
        System.out.printf("  %-12s %,d%n", c.getKey(), c.getValue());
      }
      System.out.println("by UTC day");
      for (Map.Entry<String, Long> d : r.byDay().entrySet()) {
        System.out.printf("  %-12s %,d%n", d.getKey(), d.getValue());
      }
      System.out.printf("%-14s %s%n", "data version", r.dataVersion());
      for (String n : ScopeJson.notes(r)) {
        System.out.println("note: " + n);
      }
    }
  }
}
