package dev.haechi.app.status;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks an Atom document against the requirements of RFC 4287 that a feed reader relies on, and
 * lists every violation with its section: well-formed XML in the Atom namespace (§2); the feed's
 * exactly one {@code atom:id}, {@code atom:title} and {@code atom:updated} (§4.1.1); {@code
 * atom:author} on the feed unless every entry has one (§4.1.1); at most one {@code rel="alternate"}
 * link per type and hreflang (§4.1.1); each entry's exactly one {@code atom:id}, {@code atom:title}
 * and {@code atom:updated}, and content or an alternate link (§4.1.2); every {@code atom:id} an
 * absolute IRI (§4.2.6); every link {@code href} present and, for a published copy to work,
 * absolute (§4.2.7.1, §4.2.7.2); dates in RFC 3339 with seconds (§3.3); a person construct with
 * exactly one {@code atom:name} (§3.2.1); {@code type} of text constructs one of text, html, xhtml
 * (§3.1.1).
 */
final class AtomValidator {
  static final String ATOM = "http://www.w3.org/2005/Atom";
  private static final Pattern RFC3339 =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

  private AtomValidator() {}

  static List<String> violations(String xml) {
    List<String> out = new ArrayList<>();
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      doc =
          f.newDocumentBuilder()
              .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      out.add("§2: not well-formed XML: " + e.getMessage());
      return out;
    }
    Element feed = doc.getDocumentElement();
    if (!ATOM.equals(feed.getNamespaceURI()) || !"feed".equals(feed.getLocalName())) {
      out.add("§4.1.1: the root must be atom:feed");
      return out;
    }
    exactlyOne(feed, "id", "§4.1.1 feed", out);
    exactlyOne(feed, "title", "§4.1.1 feed", out);
    exactlyOne(feed, "updated", "§4.1.1 feed", out);
    List<Element> entries = children(feed, "entry");
    boolean feedAuthor = !children(feed, "author").isEmpty();
    boolean everyEntryAuthor =
        !entries.isEmpty() && entries.stream().allMatch(e -> !children(e, "author").isEmpty());
    if (!feedAuthor && !everyEntryAuthor) {
      out.add("§4.1.1: the feed has no atom:author and not every entry has one");
    }
    alternates(feed, "feed", out);
    common(feed, "feed", out);
    Set<String> ids = new HashSet<>();
    for (int n = 0; n < entries.size(); n++) {
      Element e = entries.get(n);
      String where = "entry " + (n + 1);
      exactlyOne(e, "id", "§4.1.2 " + where, out);
      exactlyOne(e, "title", "§4.1.2 " + where, out);
      exactlyOne(e, "updated", "§4.1.2 " + where, out);
      boolean alternate =
          children(e, "link").stream()
              .anyMatch(
                  l ->
                      l.getAttribute("rel").isEmpty() || "alternate".equals(l.getAttribute("rel")));
      if (children(e, "content").isEmpty() && !alternate) {
        out.add("§4.1.2 " + where + ": neither atom:content nor an alternate link");
      }
      for (Element id : children(e, "id")) {
        if (!ids.add(id.getTextContent().trim() + "|" + text(e, "updated"))) {
          out.add("§4.1.1 " + where + ": two entries with the same id and updated");
        }
      }
      alternates(e, where, out);
      common(e, where, out);
    }
    return out;
  }

  private static void common(Element parent, String where, List<String> out) {
    for (Element id : children(parent, "id")) {
      String v = id.getTextContent().trim();
      if (!absolute(v)) {
        out.add("§4.2.6 " + where + ": atom:id '" + v + "' is not an absolute IRI");
      }
    }
    for (String date : List.of("updated", "published")) {
      for (Element d : children(parent, date)) {
        String v = d.getTextContent().trim();
        if (!RFC3339.matcher(v).matches()) {
          out.add("§3.3 " + where + ": atom:" + date + " '" + v + "' is not an RFC 3339 date-time");
        }
      }
    }
    for (Element l : children(parent, "link")) {
      String href = l.getAttribute("href");
      if (href.isEmpty()) {
        out.add("§4.2.7.1 " + where + ": atom:link without href");
      } else if (!absolute(href)) {
        out.add("§4.2.7.1 " + where + ": link href '" + href + "' is relative (no xml:base)");
      }
    }
    for (String person : List.of("author", "contributor")) {
      for (Element p : children(parent, person)) {
        if (children(p, "name").size() != 1) {
          out.add("§3.2.1 " + where + ": atom:" + person + " needs exactly one atom:name");
        }
      }
    }
    for (String text : List.of("title", "summary", "content", "rights", "subtitle")) {
      for (Element t : children(parent, text)) {
        String type = t.getAttribute("type");
        if (!text.equals("content")
            && !type.isEmpty()
            && !Set.of("text", "html", "xhtml").contains(type)) {
          out.add("§3.1.1 " + where + ": atom:" + text + " type '" + type + "'");
        }
      }
    }
  }

  private static void alternates(Element parent, String where, List<String> out) {
    Set<String> seen = new HashSet<>();
    for (Element l : children(parent, "link")) {
      String rel = l.getAttribute("rel");
      if (rel.isEmpty() || "alternate".equals(rel)) {
        if (!seen.add(l.getAttribute("type") + "|" + l.getAttribute("hreflang"))) {
          out.add("§4.1.1 " + where + ": two alternate links with the same type and hreflang");
        }
      }
    }
  }

  private static boolean absolute(String iri) {
    try {
      return URI.create(iri).isAbsolute();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void exactlyOne(Element parent, String name, String where, List<String> out) {
    int n = children(parent, name).size();
    if (n != 1) {
      out.add(where + ": " + n + " atom:" + name + " elements (exactly one required)");
    }
  }

  private static String text(Element parent, String name) {
    List<Element> c = children(parent, name);
    return c.isEmpty() ? "" : c.get(0).getTextContent().trim();
  }

  static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && ATOM.equals(e.getNamespaceURI())
          && localName.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }
}
