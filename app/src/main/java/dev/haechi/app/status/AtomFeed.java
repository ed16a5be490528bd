package dev.haechi.app.status;

import java.time.Instant;
import java.util.List;

/** The status page's incidents and updates as an Atom feed (RFC 4287), newest first. */
final class AtomFeed {
  private AtomFeed() {}

  static String render(String title, List<StatusStore.Incident> incidents, Instant now) {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
        .append("  <id>tag:haechi,2025:status</id>\n")
        .append("  <title>")
        .append(escape(title))
        .append("</title>\n")
        .append("  <link rel=\"alternate\" href=\"/status\"/>\n")
        .append("  <link rel=\"self\" href=\"/status/feed.atom\"/>\n")
        .append("  <updated>")
        .append(StatusBoard.iso(incidents.isEmpty() ? now : incidents.get(0).updatedAt()))
        .append("</updated>\n");
    for (StatusStore.Incident i : incidents) {
      sb.append("  <entry>\n")
          .append("    <id>tag:haechi,2025:incident-")
          .append(i.id())
          .append("</id>\n")
          .append("    <title>")
          .append(escape(i.name()))
          .append("</title>\n")
          .append("    <link rel=\"alternate\" href=\"/status#incident-")
          .append(i.id())
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
            .append(escape(StatusBoard.iso(u.createdAt())))
            .append("</small><br><strong>")
            .append(escape(u.status()))
            .append("</strong> - ")
            .append(escape(u.body()))
            .append("</p>");
      }
      sb.append(escape(html.toString())).append("</content>\n").append("  </entry>\n");
    }
    return sb.append("</feed>\n").toString();
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
