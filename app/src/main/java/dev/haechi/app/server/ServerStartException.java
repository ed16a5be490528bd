package dev.haechi.app.server;

/** The server could not start; the message says on which database and why, in one line. */
public class ServerStartException extends IllegalArgumentException {
  public ServerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
