package dev.haechi.app.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns bad requests into RFC 9457 problem documents whose detail names the field and the problem.
 */
@RestControllerAdvice(basePackages = {"dev.haechi.app.api", "dev.haechi.app.status"})
public class ApiErrors {

  /** A body cut off on the stream by {@code RequestBodyLimit}: 413, not a parse error. */
  @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
  org.springframework.http.ResponseEntity<ProblemDetail> unreadable(
      org.springframework.http.converter.HttpMessageNotReadableException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof dev.haechi.app.security.RequestBodyLimit.BodyTooLargeException big) {
        return org.springframework.http.ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
            .header("Connection", "close")
            .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, big.getMessage()));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    throw e;
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badRequest(IllegalArgumentException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(dev.haechi.app.detection.DetectionService.EngineBusyException.class)
  org.springframework.http.ResponseEntity<ProblemDetail> busy(RuntimeException e) {
    return org.springframework.http.ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header("Retry-After", "1")
        .body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage()));
  }

  @ExceptionHandler(dev.haechi.app.breach.IngestedEvents.StoreFailedException.class)
  org.springframework.http.ResponseEntity<ProblemDetail> storeFailed(RuntimeException e) {
    return org.springframework.http.ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", "5")
        .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
  }

  @ExceptionHandler(dev.haechi.core.InputException.class)
  ProblemDetail badInput(dev.haechi.core.InputException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    if (e instanceof dev.haechi.resilience.catalog.CatalogException c) {
      p.setProperty(
          "problems",
          c.problems().stream()
              .map(x -> java.util.Map.of("file", x.file(), "line", x.line(), "reason", x.reason()))
              .toList());
    }
    return p;
  }
}
