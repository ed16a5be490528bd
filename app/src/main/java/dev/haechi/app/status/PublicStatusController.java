package dev.haechi.app.status;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public status page, its Atom feed and the Statuspage-compatible JSON. No login. Every answer
 * is a copy of pre-rendered bytes from the in-memory {@link StatusSnapshot}: no database access per
 * request.
 */
@RestController
public class PublicStatusController {
  private static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml");
  private final StatusBoard board;

  public PublicStatusController(StatusBoard board) {
    this.board = board;
  }

  @GetMapping({
    "/status",
    "/status/feed.atom",
    "/api/v2/summary.json",
    "/api/v2/status.json",
    "/api/v2/components.json",
    "/api/v2/incidents.json",
    "/api/v2/incidents/unresolved.json"
  })
  public ResponseEntity<byte[]> serve(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    StatusSnapshot s = board.snapshot();
    byte[] body = s.get(path);
    if (body == null) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
    }
    if (s.etag().equals(request.getHeader("If-None-Match"))) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(s.etag()).build();
    }
    MediaType type =
        path.endsWith(".json")
            ? MediaType.APPLICATION_JSON
            : path.endsWith(".atom") ? ATOM : MediaType.TEXT_HTML;
    return ResponseEntity.ok()
        .contentType(type)
        .eTag(s.etag())
        .cacheControl(CacheControl.noCache().cachePublic())
        .header("Access-Control-Allow-Origin", "*")
        .body(body);
  }
}
