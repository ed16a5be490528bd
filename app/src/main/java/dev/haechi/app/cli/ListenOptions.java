package dev.haechi.app.cli;

import picocli.CommandLine.Option;

/** Where the server listens: {@code --port} and {@code --bind}. */
public class ListenOptions {
  @Option(
      names = "--port",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 = any free port).",
      defaultValue = "8080")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: all addresses for serve, 127.0.0.1 for demo).")
  String bind;

  String bindOr(String fallback) {
    return bind == null ? fallback : bind;
  }
}
