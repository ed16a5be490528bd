package dev.haechi.identity.findings;

import dev.haechi.identity.correlation.AccountLink;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.Secret;
import java.time.Instant;
import java.time.LocalDate;

/** Evidence lines a person can check: {@code file:line: what the row says}. */
final class Evidence {
  private Evidence() {}

  static String person(Person p) {
    StringBuilder sb = new StringBuilder();
    sb.append(p.source()).append(": ").append(p.employeeId()).append(' ').append(p.displayName());
    sb.append(", ").append(p.status().label());
    if (p.terminationDate() != null) {
      sb.append(", termination_date ").append(p.terminationDate());
    }
    return sb.toString();
  }

  static String account(Account a, boolean privileged, AccountLink link) {
    StringBuilder sb = new StringBuilder();
    sb.append(a.source()).append(": ").append(a.system()).append(" account ").append(a.label());
    if (!a.label().equals(a.accountId())) {
      sb.append(" (").append(a.accountId()).append(')');
    }
    sb.append(a.enabled() ? ", enabled" : ", disabled");
    if (privileged) {
      sb.append(", privileged");
      if (!a.groups().isEmpty()) {
        sb.append(" (groups: ").append(String.join("; ", a.groups())).append(')');
      }
    }
    sb.append(", last login ").append(a.lastLogin() == null ? "never" : day(a.lastLogin()));
    if (link != null) {
      sb.append(", owner ")
          .append(link.employeeId())
          .append(" by ")
          .append(link.rule())
          .append(" (confidence ")
          .append(link.confidence())
          .append(')');
    }
    return sb.toString();
  }

  static String secret(Secret s) {
    StringBuilder sb = new StringBuilder();
    sb.append(s.source()).append(": ").append(s.kind().label()).append(' ').append(s.secretId());
    if (s.location() != null) {
      sb.append(" at ").append(s.location());
    }
    sb.append(", created ").append(s.created() == null ? "unknown" : day(s.created()));
    sb.append(", last rotated ").append(s.lastRotated() == null ? "never" : day(s.lastRotated()));
    return sb.toString();
  }

  static LocalDate day(Instant i) {
    return Evaluation.dayOf(i);
  }
}
