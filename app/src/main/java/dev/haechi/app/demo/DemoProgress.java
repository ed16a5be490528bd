package dev.haechi.app.demo;

import org.springframework.stereotype.Component;

/**
 * What {@code haechi demo} is doing while the console is already up, so that the overview says
 * "loading" instead of showing an empty organisation as if it were complete.
 */
@Component
public class DemoProgress {
  private volatile String status;

  /** The current step, or null when no demo load is running. */
  public String status() {
    return status;
  }

  public void update(String status) {
    this.status = status;
  }

  public void done() {
    this.status = null;
  }
}
