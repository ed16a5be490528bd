package dev.haechi.connectors;

import dev.haechi.identity.model.Account;
import java.util.List;

/**
 * A live system that lists its accounts: every account the configured search finds, mapped exactly
 * as a file export of the same system would be, or a {@link ConnectorException} and nothing.
 */
public interface AccountSource {

  /** The source as a person would name it in a message: a URL without credentials. */
  String describe();

  /**
   * All accounts, complete.
   *
   * @throws ConnectorException when the system is unreachable, refuses the credentials, or answers
   *     only in part; never returns a partial list
   */
  List<Account> readAll();
}
