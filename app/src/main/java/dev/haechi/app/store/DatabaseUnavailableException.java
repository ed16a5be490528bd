package dev.haechi.app.store;

/** The configured database cannot be used; the message says which database and why. */
public class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(String message) {
    super(message);
  }
}
