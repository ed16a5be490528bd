package dev.haechi.connectors;

import java.util.Map;

/**
 * Where connectors look up secrets (bind passwords, bearer tokens) by the name of an environment
 * variable. Configuration only ever holds the variable's name, never the secret, and no connector
 * puts a secret into a message, a log line or an exception.
 */
@FunctionalInterface
public interface SecretEnvironment {

  /** The value of the variable, or null when it is not set. */
  String get(String name);

  /** The process environment ({@link System#getenv(String)}). */
  static SecretEnvironment system() {
    return System::getenv;
  }

  /** A fixed set of variables, for tests and embedding. */
  static SecretEnvironment of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return copy::get;
  }

  /**
   * The value of {@code name}; a {@link ConnectorException} naming {@code source} and the variable
   * (not its value) when it is unset or empty.
   */
  default String require(String name, String source) {
    if (name == null || name.isBlank()) {
      throw new ConnectorException(source, "no environment variable named for the secret");
    }
    String v = get(name);
    if (v == null || v.isEmpty()) {
      throw new ConnectorException(source, "environment variable " + name + " is not set");
    }
    return v;
  }
}
