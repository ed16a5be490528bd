package dev.haechi.app.status;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The public page's words and times for its public: the page's language ({@code status.language}:
 * {@code en} or {@code ko}, which is also the page's {@code lang}) and time zone ({@code
 * status.time-zone}, e.g. {@code Asia/Seoul}). Times read as people say them ({@code Tue 8 Dec,
 * 03:49 KST}, {@code 12월 8일 (화) 03:49 KST}), never as raw UTC instants. The JSON and the feed keep
 * ISO-8601 instants for machines.
 */
public final class PageWords {
  private static final Map<String, Map<String, String>> WORDS =
      Map.of(
          "en",
          Map.ofEntries(
              Map.entry("title", "Service status"),
              Map.entry("incidents", "Incidents"),
              Map.entry("no-incidents", "No incidents reported."),
              Map.entry("no-services", "No public services are listed yet."),
              Map.entry("expected-back", "expected back"),
              Map.entry("updated", "Updated"),
              Map.entry("feed", "Atom feed"),
              Map.entry("times-in", "Times in"),
              Map.entry("operational", "Operational"),
              Map.entry("under_maintenance", "Under maintenance"),
              Map.entry("degraded_performance", "Degraded performance"),
              Map.entry("partial_outage", "Partial outage"),
              Map.entry("major_outage", "Major outage"),
              Map.entry("investigating", "Investigating"),
              Map.entry("identified", "Identified"),
              Map.entry("monitoring", "Monitoring"),
              Map.entry("resolved", "Resolved"),
              Map.entry("postmortem", "Postmortem"),
              Map.entry("none", "All Systems Operational"),
              Map.entry("minor", "Minor Service Outage"),
              Map.entry("partial", "Partial System Outage"),
              Map.entry("major", "Major Service Outage"),
              Map.entry("maintenance", "Service Under Maintenance"),
              Map.entry("service-back", "%s is back (%s)."),
              Map.entry("grade-back", "Every grade-%d system is restored (%s).")),
          "ko",
          Map.ofEntries(
              Map.entry("title", "서비스 상태"),
              Map.entry("incidents", "장애 알림"),
              Map.entry("no-incidents", "보고된 장애가 없습니다."),
              Map.entry("no-services", "아직 공개된 서비스가 없습니다."),
              Map.entry("expected-back", "복구 예상"),
              Map.entry("updated", "갱신"),
              Map.entry("feed", "Atom 피드"),
              Map.entry("times-in", "시간대"),
              Map.entry("operational", "정상"),
              Map.entry("under_maintenance", "점검 중"),
              Map.entry("degraded_performance", "성능 저하"),
              Map.entry("partial_outage", "일부 장애"),
              Map.entry("major_outage", "서비스 중단"),
              Map.entry("investigating", "조사 중"),
              Map.entry("identified", "원인 확인"),
              Map.entry("monitoring", "모니터링 중"),
              Map.entry("resolved", "해결됨"),
              Map.entry("postmortem", "사후 분석"),
              Map.entry("none", "모든 서비스 정상"),
              Map.entry("minor", "일부 서비스 장애"),
              Map.entry("partial", "일부 서비스 장애"),
              Map.entry("major", "주요 서비스 중단"),
              Map.entry("maintenance", "서비스 점검 중"),
              Map.entry("service-back", "%s 서비스가 복구되었습니다 (%s)."),
              Map.entry("grade-back", "%d등급 시스템이 모두 복구되었습니다 (%s).")));

  private final String language;
  private final ZoneId zone;
  private final DateTimeFormatter format;

  public PageWords(String language, ZoneId zone) {
    this.language = WORDS.containsKey(language) ? language : "en";
    this.zone = zone;
    this.format =
        "ko".equals(this.language)
            ? DateTimeFormatter.ofPattern("M월 d일 (E) HH:mm zzz", Locale.KOREAN)
            : DateTimeFormatter.ofPattern("EEE d MMM, HH:mm zzz", Locale.ENGLISH);
  }

  /** From the settings' texts; an unknown zone falls back to UTC (the setting checks it). */
  public static PageWords of(String language, String timeZone) {
    ZoneId z;
    try {
      z = ZoneId.of(timeZone == null || timeZone.isBlank() ? "UTC" : timeZone.trim());
    } catch (java.time.DateTimeException e) {
      z = ZoneId.of("UTC");
    }
    return new PageWords(language == null ? "en" : language.trim(), z);
  }

  /** The page's {@code lang}: {@code en} or {@code ko}. */
  public String lang() {
    return language;
  }

  public ZoneId zone() {
    return zone;
  }

  public String word(String key) {
    return WORDS.get(language).getOrDefault(key, WORDS.get("en").getOrDefault(key, key));
  }

  /** A time as the page's readers say it, in the page's zone. */
  public String when(Instant t) {
    return t == null ? "" : format.format(t.atZone(zone));
  }

  /** A time for machines ({@code <time datetime>}): RFC 3339 in UTC. */
  public String iso(Instant t) {
    return t == null ? "" : StatusBoard.iso(t);
  }

  /** The banner text of a Statuspage indicator and its component-derived description. */
  public String banner(Map<String, Object> status) {
    String description = String.valueOf(status.get("description"));
    if (description.startsWith("Partial")) {
      return word("partial");
    }
    return word(String.valueOf(status.get("indicator")).replace("critical", "major"));
  }
}
