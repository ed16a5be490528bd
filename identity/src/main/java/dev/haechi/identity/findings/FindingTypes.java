package dev.haechi.identity.findings;

/** The identity finding types of FORMATS.md §4. */
public final class FindingTypes {
  public static final String LEAVER_ACTIVE_ACCOUNT = "leaver-active-account";
  public static final String ORPHAN_ACCOUNT = "orphan-account";
  public static final String DORMANT_ACCOUNT = "dormant-account";
  public static final String PRIVILEGED_WITHOUT_OWNER = "privileged-without-owner";
  public static final String SECRET_CUSTODIAN_LEFT = "secret-custodian-left";
  public static final String SECRET_OVERDUE_ROTATION = "secret-overdue-rotation";

  private FindingTypes() {}
}
