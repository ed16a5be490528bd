package dev.haechi.demo.government;

import java.util.List;

/**
 * The agencies that own systems, the kinds of system they run, and the public services citizens
 * know by name. Names are romanised slugs; titles and public names are in Korean, as on the real
 * status pages.
 */
final class Agencies {
  /** Slug, Korean name. */
  static final List<String[]> AGENCIES =
      List.of(
          new String[] {"mois", "행정안전부"},
          new String[] {"moef", "기획재정부"},
          new String[] {"molit", "국토교통부"},
          new String[] {"mohw", "보건복지부"},
          new String[] {"moel", "고용노동부"},
          new String[] {"me", "환경부"},
          new String[] {"mafra", "농림축산식품부"},
          new String[] {"motie", "산업통상자원부"},
          new String[] {"msit", "과학기술정보통신부"},
          new String[] {"mofa", "외교부"},
          new String[] {"moj", "법무부"},
          new String[] {"mpm", "인사혁신처"},
          new String[] {"nts", "국세청"},
          new String[] {"kcs", "관세청"},
          new String[] {"kostat", "통계청"},
          new String[] {"kma", "기상청"},
          new String[] {"nfa", "소방청"},
          new String[] {"knpa", "경찰청"},
          new String[] {"koreapost", "우정사업본부"},
          new String[] {"mpva", "국가보훈부"},
          new String[] {"mss", "중소벤처기업부"},
          new String[] {"mcst", "문화체육관광부"},
          new String[] {"moe", "교육부"},
          new String[] {"pps", "조달청"});

  static final String[] FUNCTIONS = {
    "permits",
    "registry",
    "records",
    "payments",
    "portal",
    "analytics",
    "archive",
    "reporting",
    "scheduling",
    "licensing",
    "grants",
    "inspection",
    "statistics",
    "cases",
    "notify",
    "documents",
    "hr",
    "finance",
    "procurement",
    "audit",
    "gis",
    "complaints",
    "identity",
    "billing",
    "search"
  };

  static final String[] VARIANTS = {"api", "batch", "admin", "web", "sync", "legacy"};

  /** Slug, public name, owning agency. */
  static final List<String[]> PUBLIC_SERVICES =
      List.of(
          new String[] {"gov24", "정부24", "mois"},
          new String[] {"hometax", "국세청 홈택스", "nts"},
          new String[] {"epost", "인터넷우체국", "koreapost"},
          new String[] {"epost-bank", "우체국 금융", "koreapost"},
          new String[] {"epeople", "국민신문고", "mois"},
          new String[] {"mobile-id", "모바일 신분증", "mois"},
          new String[] {"g2b", "나라장터", "pps"},
          new String[] {"wetax", "위택스", "mois"},
          new String[] {"safety-report", "안전신문고", "mois"},
          new String[] {"law-portal", "국가법령정보센터", "moj"},
          new String[] {"bokjiro", "복지로", "mohw"},
          new String[] {"work24", "고용24", "moel"},
          new String[] {"unipass", "관세청 유니패스", "kcs"},
          new String[] {"hikorea", "하이코리아", "moj"},
          new String[] {"kosis", "국가통계포털", "kostat"},
          new String[] {"weather", "날씨누리", "kma"},
          new String[] {"safekorea", "국민재난안전포털", "mois"},
          new String[] {"epost-parcel", "우체국 택배", "koreapost"},
          new String[] {"yearend-tax", "연말정산 간소화", "nts"},
          new String[] {"data-portal", "공공데이터포털", "mois"},
          new String[] {"passport", "여권 민원", "mofa"},
          new String[] {"car365", "자동차365", "molit"},
          new String[] {"realestate", "부동산거래관리", "molit"},
          new String[] {"myhome", "마이홈포털", "molit"},
          new String[] {"veterans", "국가보훈 민원", "mpva"},
          new String[] {"sme-portal", "중소기업 지원사업", "mss"},
          new String[] {"culture-pass", "문화누리", "mcst"},
          new String[] {"neis", "나이스 교육행정", "moe"},
          new String[] {"fire-report", "119 신고 접수", "nfa"},
          new String[] {"police-report", "사이버범죄 신고", "knpa"},
          new String[] {"env-permits", "환경 인허가", "me"},
          new String[] {"agri-subsidy", "농업보조금 통합", "mafra"},
          new String[] {"trade-portal", "무역 통합 민원", "motie"},
          new String[] {"gov-jobs", "나라일터", "mpm"},
          new String[] {"budget-portal", "열린재정", "moef"});

  private Agencies() {}
}
