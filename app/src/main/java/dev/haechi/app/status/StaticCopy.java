package dev.haechi.app.status;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The files of a static copy of the public status page, laid out so that a web server or bucket
 * serving them at the root of a host answers the same addresses as Haechi itself: {@code
 * /api/v2/summary.json}, {@code /status/feed.atom}, and the page at {@code /status/} ({@code
 * status/index.html}) and {@code /} ({@code index.html}). A bucket also gets the page under the key
 * {@code status}, so that {@code /status} works there without a redirect.
 *
 * <p>The page's own links are root-relative ({@code /status/feed.atom}): serve the copy at the root
 * of its host (a bucket website, a CDN origin, a virtual host).
 */
public final class StaticCopy {
  private StaticCopy() {}

  /**
   * One file of the copy.
   *
   * @param key the path below the copy's root, without a leading slash
   * @param md5 the body's MD5 in lower-case hex (what S3 reports as the ETag of a single PUT)
   */
  public record File(
      String key, byte[] body, String contentType, String cacheControl, String md5) {}

  /** A copy stays served from caches for a day when its origin fails ({@code stale-if-error}). */
  static String cacheControl(int maxAgeSeconds) {
    return "public, max-age="
        + maxAgeSeconds
        + ", stale-while-revalidate="
        + maxAgeSeconds
        + ", stale-if-error=86400";
  }

  /**
   * The copy's files, documents first and the page last, so that a reader who sees the new page
   * finds the documents it links to already new.
   *
   * @param forBucket adds the extension-less key {@code status} (a bucket stores its type with it)
   */
  public static List<File> of(StatusSnapshot snapshot, int cacheSeconds, boolean forBucket) {
    String cache = cacheControl(cacheSeconds);
    List<File> files = new ArrayList<>();
    byte[] page = null;
    for (Map.Entry<String, byte[]> e :
        snapshot.documents().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      String path = e.getKey();
      if (path.equals("/status")) {
        page = e.getValue();
      } else if (path.endsWith(".json")) {
        files.add(file(path.substring(1), e.getValue(), "application/json", cache));
      } else if (path.endsWith(".atom")) {
        files.add(
            file(path.substring(1), e.getValue(), "application/atom+xml;charset=UTF-8", cache));
      } else {
        throw new IllegalStateException("no static form for " + path);
      }
    }
    if (page == null) {
      throw new IllegalStateException("the snapshot has no page yet");
    }
    String html = "text/html;charset=UTF-8";
    files.add(file("status/index.html", page, html, cache));
    if (forBucket) {
      files.add(file("status", page, html, cache));
    }
    files.add(file("index.html", page, html, cache));
    return files;
  }

  private static File file(String key, byte[] body, String type, String cache) {
    return new File(key, body, type, cache, md5(body));
  }

  static String md5(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
