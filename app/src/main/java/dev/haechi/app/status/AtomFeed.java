package dev.haechi.app.status;

import java.time.Instant;
import java.util.List;

/**
 * The status page's incidents and updates as an Atom feed (RFC 4287), newest first.
 *
 * <p>What RFC 4287 requires and this writes: the feed's {@code atom:id}, {@code atom:title}, {@code
 * atom:updated} and {@code atom:author} (§4.1.1: a feed needs one unless every entry has its own),
 * a {@code rel="self"} link (§4.2.7.2, "SHOULD"), and on each entry {@code atom:id}, {@code
 * atom:title}, {@code atom:updated} and {@code atom:content} (§4.1.2). Links are absolute (the
 * {@code status.public-url} setting), so a copy of the feed published elsewhere still points home;
 * dates are RFC 3339 with seconds (§3.3).
 */
final class AtomFeed {
  private AtomFeed() {}

  static String render(
      String title,
      String base,
      PageWords words,
      List<StatusStore.Incident> incidents,
      Instant now) {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"")
        .append(words.lang())
        .append("\">\n")
        .append("  <id>tag:haechi,2025:status</id>\n")
        .append("  <title>")
        .append(escape(title))
        .append("</title>\n")
        .append("  <author><name>")
        .append(escape(title))
        .append("</name><uri>")
        .append(escape(base + "/status"))
        .append("</uri></author>\n")
        .append("  <link rel=\"alternate\" type=\"text/html\" href=\"")
        .append(escape(base + "/status"))
        .append("\"/>\n")
        .append("  <link rel=\"self\" type=\"application/atom+xml\" href=\"")
        .append(escape(base + "/status/feed.atom"))
        .append("\"/>\n")
        .append("  <updated>")
        .append(StatusBoard.iso(incidents.isEmpty() ? now : newest(incidents)))
        .append("</updated>\n");
    for (StatusStore.Incident i : incidents) {
      sb.append("  <entry>\n")
          .append("    <id>tag:haechi,2025:incident-")
          .append(i.id())
          .append("</id>\n")
          .append("    <title>")
          .append(escape(i.name()))
          .append("</title>\n")
          .append("    <link rel=\"alternate\" type=\"text/html\" href=\"")
          .append(escape(base + "/status#incident-" + i.id()))
          .append("\"/>\n")
          .append("    <published>")
          .append(StatusBoard.iso(i.createdAt()))
          .append("</published>\n")
          .append("    <updated>")
          .append(StatusBoard.iso(i.updatedAt()))
          .append("</updated>\n")
          .append("    <content type=\"html\">");
      StringBuilder html = new StringBuilder();
      for (StatusStore.Update u : i.updates()) {
        html.append("<p><small>")
            .append(escape(words.when(u.createdAt())))
            .append("</small><br><strong>")
            .append(escape(words.word(u.status())))
            .append("</strong> - ")
            .append(escape(u.body()))
            .append("</p>");
      }
      sb.append(escape(html.toString())).append("</content>\n").append("  </entry>\n");
    }
    return sb.append("</feed>\n").toString();
  }

  private static Instant newest(List<StatusStore.Incident> incidents) {
    Instant t = incidents.get(0).updatedAt();
    for (StatusStore.Incident i : incidents) {
      if (i.updatedAt().isAfter(t)) {
        t = i.updatedAt();
      }
    }
    return t;
  }

  static String escape(String s) {
    // XML 1.0 forbids most control characters: strip them (issue 12, item 9), keeping tab, LF, CR.
    return s.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\uFFFE\\uFFFF]", "")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
