package dev.haechi.app.server;

import dev.haechi.app.store.DatabaseTarget;
import java.nio.file.Path;

/**
 * How to start the server.
 *
 * @param home Haechi's home folder ({@code $HAECHI_HOME}, default {@code ./data})
 * @param database where the store lives
 * @param port the HTTP port (0 = any free port, for tests)
 * @param bindAddress the address to listen on
 */
public record ServerOptions(Path home, DatabaseTarget database, int port, String bindAddress) {}
