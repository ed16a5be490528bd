package dev.haechi.breach.notice;

import dev.haechi.breach.scope.ScopeResult;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Drafts the breach notice from a scoping result, in Korean and English. The items are those PIPA
 * Art. 34(1) and GDPR Art. 33(3)/34(2) require: which personal data, how many people, when, the
 * likely consequences, what people should do to limit harm, and whom to contact. A draft is for a
 * person to check and send; the numbers are the scoping's, with its data version.
 */
public final class NoticeDraft {
  private NoticeDraft() {}

  /** What the notice must contain, in order. */
  public static final List<String> REQUIRED_ITEMS =
      List.of(
          "categories of personal data",
          "number of people affected",
          "period of the breach",
          "likely consequences",
          "what people should do",
          "contact");

  private static final Map<String, String> KO_CATEGORY =
      Map.of(
          "name", "이름",
          "email", "이메일",
          "phone", "전화번호",
          "address", "주소",
          "door_code", "공동현관 출입번호",
          "order_history", "주문 내역",
          "payment", "결제 정보");

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneId.of("UTC"));

  /**
   * The English draft. The organisation, privacy officer, contact and regulator come from {@code
   * who}; an unset one appears as {@code [NOT SET: haechi.breach.notice…]} (see {@link
   * NoticeContact#warnings()}), never as a made-up name.
   */
  public static String english(ScopeResult r, NoticeContact who) {
    String cats = String.join(", ", r.categories().keySet());
    return String.join(
        "\n",
        "Notice of a personal data breach — " + who.organisationOrMarker(),
        "",
        "What happened: access made with a compromised credential ("
            + r.query().selector().field()
            + " "
            + String.join(", ", r.query().values())
            + ") disclosed personal data of our members.",
        "Personal data concerned: " + (cats.isEmpty() ? "none found" : cats) + ".",
        "People affected: " + r.subjects() + ".",
        "Period: " + period(r) + ".",
        "Likely consequences: the data may be used for phishing, impersonation, unwanted contact"
            + " or visits to the disclosed address.",
        "What you should do: be wary of messages or calls that cite your details; do not give"
            + " passwords or payment details to callers; change your password; report suspicious"
            + " contact to us.",
        "What we have done: the credential has been revoked and the evidence preserved under legal"
            + " hold.",
        "Contact: our privacy officer, "
            + who.privacyOfficerOrMarker()
            + ", at "
            + who.contactOrMarker()
            + ".",
        "We have reported this breach to " + who.regulatorOrMarker() + ".",
        "",
        "(Figures from Haechi scoping, data version " + shortVersion(r) + incomplete(r) + ".)");
  }

  /** The Korean draft; settings as in {@link #english(ScopeResult, NoticeContact)}. */
  public static String korean(ScopeResult r, NoticeContact who) {
    StringBuilder cats = new StringBuilder();
    for (String c : r.categories().keySet()) {
      if (cats.length() > 0) {
        cats.append(", ");
      }
      cats.append(KO_CATEGORY.getOrDefault(c, c));
    }
    return String.join(
        "\n",
        "개인정보 유출 통지 — " + who.organisationOrMarker(),
        "",
        "유출 경위: 탈취된 인증 수단("
            + r.query().selector().field()
            + " "
            + String.join(", ", r.query().values())
            + ")을 이용한 접근으로 회원의 개인정보가 유출되었습니다.",
        "유출된 개인정보 항목: " + (cats.length() == 0 ? "확인되지 않음" : cats) + ".",
        "유출 규모: " + r.subjects() + "명.",
        "유출 시점과 기간: " + period(r) + ".",
        "예상되는 피해: 피싱, 사칭, 원치 않는 연락이나 방문에 악용될 수 있습니다.",
        "정보주체가 할 수 있는 조치: 개인정보를 언급하는 문자·전화에 주의하시고, 비밀번호나 결제 정보를"
            + " 알려주지 마시며, 비밀번호를 변경하고, 의심스러운 연락은 신고해 주십시오.",
        "회사의 대응 조치: 해당 인증 수단을 폐기하고 증거를 법적 보존 조치했습니다.",
        "피해 구제 및 문의처: 개인정보 보호책임자 "
            + who.privacyOfficerOrMarker()
            + ", "
            + who.contactOrMarker()
            + ".",
        "신고 기관: " + who.regulatorOrMarker() + "에 유출 사실을 신고했습니다.",
        "",
        "(Haechi 범위 산정 결과, 데이터 버전 " + shortVersion(r) + incomplete(r) + ".)");
  }

  private static String period(ScopeResult r) {
    if (r.firstAccess() == null) {
      return "no disclosure found";
    }
    return DAY.format(r.firstAccess()) + " – " + DAY.format(r.lastAccess());
  }

  private static String shortVersion(ScopeResult r) {
    return r.dataVersion().substring(0, Math.min(12, r.dataVersion().length()));
  }

  private static String incomplete(ScopeResult r) {
    return r.complete() ? "" : "; INCOMPLETE: " + r.errors().size() + " partition(s) unreadable";
  }
}
