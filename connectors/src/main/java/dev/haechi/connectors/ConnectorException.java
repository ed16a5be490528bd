package dev.haechi.connectors;

import dev.haechi.core.InputException;

/**
 * A live source or target failed: it could not be reached, refused the credentials, answered with
 * an error, or answered only in part. The message names the source (a URL without credentials, or a
 * URL and a DN) and the reason. A source that throws this has returned nothing: callers keep their
 * previous state rather than treat a partial answer as complete (issue 3, "Bad input").
 *
 * <p>It is an {@link InputException} (line 0) so that the command line reports it the way it
 * reports any unusable input: one line, exit code 2.
 */
public class ConnectorException extends InputException {

  public ConnectorException(String source, String reason) {
    super(source, 0, reason);
  }

  public ConnectorException(String source, String reason, Throwable cause) {
    super(source, 0, reason, cause);
  }
}
