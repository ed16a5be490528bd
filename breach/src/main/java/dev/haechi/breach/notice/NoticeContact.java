package dev.haechi.breach.notice;

import java.util.ArrayList;
import java.util.List;

/**
 * Who sends a breach notice and whom people and the regulator deal with: the organisation's name,
 * its privacy officer (PIPA Art. 31; GDPR's data protection officer), how people reach them, and
 * the supervisory authority the breach is reported to. Each comes from configuration ({@code
 * haechi.breach.notice.organisation}, {@code .privacy-officer}, {@code .contact}, {@code
 * .regulator}; or the environment variables {@code HAECHI_BREACH_NOTICE_ORGANISATION} …). A value
 * that is not set is never replaced by a plausible placeholder: the draft shows {@link #unset} in
 * its place and {@link #warnings()} names the setting, so an unfinished notice cannot pass for a
 * finished one.
 */
public record NoticeContact(
    String organisation, String privacyOfficer, String contact, String regulator) {

  /** The settings, in the order {@link #warnings()} names them. */
  public static final String ORGANISATION = "haechi.breach.notice.organisation";

  public static final String PRIVACY_OFFICER = "haechi.breach.notice.privacy-officer";
  public static final String CONTACT = "haechi.breach.notice.contact";
  public static final String REGULATOR = "haechi.breach.notice.regulator";

  public NoticeContact {
    organisation = blankToNull(organisation);
    privacyOfficer = blankToNull(privacyOfficer);
    contact = blankToNull(contact);
    regulator = blankToNull(regulator);
  }

  /** Nothing configured. */
  public static NoticeContact none() {
    return new NoticeContact(null, null, null, null);
  }

  /** From environment-style variables ({@code HAECHI_BREACH_NOTICE_ORGANISATION} …). */
  public static NoticeContact fromEnvironment(java.util.Map<String, String> env) {
    return new NoticeContact(
        env.get(envName(ORGANISATION)),
        env.get(envName(PRIVACY_OFFICER)),
        env.get(envName(CONTACT)),
        env.get(envName(REGULATOR)));
  }

  /** The environment variable that sets a property: {@code HAECHI_BREACH_NOTICE_PRIVACYOFFICER}. */
  public static String envName(String property) {
    return property.replace(".", "_").replace("-", "").toUpperCase(java.util.Locale.ROOT);
  }

  /** This contact with each value given here (non-blank) taking the place of this one's. */
  public NoticeContact overriddenBy(NoticeContact o) {
    return new NoticeContact(
        o.organisation != null ? o.organisation : organisation,
        o.privacyOfficer != null ? o.privacyOfficer : privacyOfficer,
        o.contact != null ? o.contact : contact,
        o.regulator != null ? o.regulator : regulator);
  }

  /** The settings that are not set, by property name. */
  public List<String> missing() {
    List<String> m = new ArrayList<>();
    if (organisation == null) {
      m.add(ORGANISATION);
    }
    if (privacyOfficer == null) {
      m.add(PRIVACY_OFFICER);
    }
    if (contact == null) {
      m.add(CONTACT);
    }
    if (regulator == null) {
      m.add(REGULATOR);
    }
    return m;
  }

  /** One sentence per unset setting, for the CLI, the API and the console. */
  public List<String> warnings() {
    return missing().stream()
        .map(
            p ->
                "notice draft incomplete: "
                    + p
                    + " is not set (environment "
                    + envName(p)
                    + "); the draft shows "
                    + unset(p)
                    + " in its place")
        .toList();
  }

  /** What a draft shows where a setting is missing. */
  public static String unset(String property) {
    return "[NOT SET: " + property + "]";
  }

  String organisationOrMarker() {
    return organisation != null ? organisation : unset(ORGANISATION);
  }

  String privacyOfficerOrMarker() {
    return privacyOfficer != null ? privacyOfficer : unset(PRIVACY_OFFICER);
  }

  String contactOrMarker() {
    return contact != null ? contact : unset(CONTACT);
  }

  String regulatorOrMarker() {
    return regulator != null ? regulator : unset(REGULATOR);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
