package dev.haechi.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body on the stream (issue 12, item 8): a declared {@code Content-Length}
 * over the limit is refused with 413 before anything is read, and a body without one (chunked) is
 * cut off with 413 as soon as it passes the limit, so that no route reads an unbounded body into
 * memory. The limit is {@code haechi.http.max-body} (default 32 MB). The two bulk ingest routes
 * ({@code POST /api/v1/events}, 64 MB, and {@code POST /api/v1/resilience/reports}, 16 MB) bound
 * their bodies on the stream themselves, before taking any engine lock, and are left to that.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class RequestBodyLimit extends OncePerRequestFilter {
  /** Routes that bound their own bodies on the stream. */
  private static final Set<String> SELF_BOUNDED =
      Set.of("/api/v1/events", "/api/v1/resilience/reports");

  private final long limit;

  public RequestBodyLimit(
      @Value("${haechi.http.max-body:32MB}") org.springframework.util.unit.DataSize limit) {
    this.limit = limit.toBytes();
  }

  /** Thrown by the bounded stream when the body passes the limit. */
  public static final class BodyTooLargeException extends IOException {
    public BodyTooLargeException(long limit) {
      super("body: the request body is over the limit of " + limit + " bytes");
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if ("POST".equals(request.getMethod()) && SELF_BOUNDED.contains(path)) {
      chain.doFilter(request, response);
      return;
    }
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      refuse(response, declared + " bytes is over the limit of " + limit + " bytes");
      return;
    }
    BoundedRequest bounded = new BoundedRequest(request, limit);
    try {
      chain.doFilter(bounded, response);
    } catch (ServletException | IOException | RuntimeException e) {
      if (!bounded.exceeded || response.isCommitted()) {
        throw e;
      }
      response.reset();
      refuse(response, "the request body is over the limit of " + limit + " bytes");
      return;
    }
    if (bounded.exceeded && !response.isCommitted()) {
      // A handler swallowed the error (e.g. turned it into a 400): the caller still learns why.
      response.reset();
      refuse(response, "the request body is over the limit of " + limit + " bytes");
    }
  }

  private static void refuse(HttpServletResponse response, String why) throws IOException {
    response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
    response.setContentType("application/problem+json");
    response.setHeader("Connection", "close");
    response
        .getWriter()
        .write(
            "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                + "\"detail\":\"body: "
                + why
                + "\"}");
  }

  private static final class BoundedRequest extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;
    volatile boolean exceeded;

    BoundedRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream =
            new ServletInputStream() {
              private long read;

              private int count(int n) throws IOException {
                if (n > 0) {
                  read += n;
                  if (read > limit) {
                    exceeded = true;
                    throw new BodyTooLargeException(limit);
                  }
                }
                return n;
              }

              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                  count(1);
                }
                return b;
              }

              @Override
              public int read(byte[] buf, int off, int len) throws IOException {
                return count(in.read(buf, off, len));
              }

              @Override
              public boolean isFinished() {
                return in.isFinished();
              }

              @Override
              public boolean isReady() {
                return in.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
              }
            };
      }
      return stream;
    }

    @Override
    public java.io.BufferedReader getReader() throws IOException {
      return new java.io.BufferedReader(
          new java.io.InputStreamReader(
              getInputStream(),
              getCharacterEncoding() == null
                  ? java.nio.charset.StandardCharsets.UTF_8
                  : java.nio.charset.Charset.forName(getCharacterEncoding())));
    }
  }
}
