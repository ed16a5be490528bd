package dev.haechi.app.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code maxPerUser} failed logins for one username from one client
 * address, or {@code maxPerAddress} from one client address, within {@code window}, further
 * attempts from that address are refused until the window has passed since the last failure. The
 * per-user count is kept per address (issue 12, item 10) so that someone failing on purpose from
 * their own machine cannot lock the real user out everywhere. In memory: a restart forgets, which
 * is acceptable for throttling (the audit log keeps every failure).
 */
public final class LoginThrottle {
  private final int maxPerUser;
  private final int maxPerAddress;
  private final Duration window;
  private final Clock clock;
  private final ConcurrentHashMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(int maxPerUser, int maxPerAddress, Duration window, Clock clock) {
    this.maxPerUser = maxPerUser;
    this.maxPerAddress = maxPerAddress;
    this.window = window;
    this.clock = clock;
  }

  /** True when a login for this username from this address must be refused now. */
  public boolean isBlocked(String username, String address) {
    return recent(userKey(username, address)) >= maxPerUser
        || recent(addressKey(address)) >= maxPerAddress;
  }

  public void recordFailure(String username, String address) {
    Instant now = clock.instant();
    for (String key : new String[] {userKey(username, address), addressKey(address)}) {
      failures.compute(
          key,
          (k, q) -> {
            Deque<Instant> d = q == null ? new ArrayDeque<>() : q;
            d.addLast(now);
            prune(d, now);
            return d;
          });
    }
    if (failures.size() > 100_000) {
      failures.values().removeIf(d -> d.isEmpty() || d.peekLast().isBefore(now.minus(window)));
    }
  }

  public void recordSuccess(String username, String address) {
    failures.remove(userKey(username, address));
  }

  private int recent(String key) {
    Deque<Instant> d = failures.get(key);
    if (d == null) {
      return 0;
    }
    synchronized (d) {
      prune(d, clock.instant());
      return d.size();
    }
  }

  private void prune(Deque<Instant> d, Instant now) {
    // Blocking lasts one window after the LAST failure: keep all failures while the newest is
    // recent.
    if (!d.isEmpty() && d.peekLast().isBefore(now.minus(window))) {
      d.clear();
    }
  }

  private static String userKey(String username, String address) {
    return "u:"
        + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT))
        + "@"
        + address;
  }

  private static String addressKey(String address) {
    return "a:" + address;
  }
}
