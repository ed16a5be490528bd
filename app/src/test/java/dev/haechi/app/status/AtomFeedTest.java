package dev.haechi.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** Issue 12 item 9: control characters in user text never make the Atom feed invalid XML. */
class AtomFeedTest {
  @Test
  void control_characters_are_stripped_and_markup_escaped() throws Exception {
    assertThat(AtomFeed.escape("a\u0000b\u001bc\u0007<img src=x>\tok"))
        .isEqualTo("abc&lt;img src=x&gt;\tok");
    String feed =
        AtomFeed.render(
            "Status\u0001 \u000b<script>",
            "http://localhost:8080",
            PageWords.of("en", "UTC"),
            List.of(),
            Instant.EPOCH);
    var doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(feed.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getElementsByTagName("title").item(0).getTextContent())
        .contains("<script>")
        .doesNotContain("\u0001");
  }
}
