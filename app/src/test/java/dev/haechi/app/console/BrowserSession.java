package dev.haechi.app.console;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Headless Debian Chromium driven by Playwright. The browser is the machine's ({@code
 * /usr/bin/chromium}, or {@code $HAECHI_CHROMIUM}); Playwright never downloads one. A missing
 * browser fails the test: it is never skipped.
 */
final class BrowserSession implements AutoCloseable {
  final Playwright playwright;
  final Browser browser;

  BrowserSession() {
    String exe = System.getenv().getOrDefault("HAECHI_CHROMIUM", "/usr/bin/chromium");
    if (!Files.isExecutable(Path.of(exe))) {
      throw new IllegalStateException(
          "browser tests need Chromium at "
              + exe
              + " (apt-get install chromium, or set"
              + " HAECHI_CHROMIUM)");
    }
    playwright = Playwright.create();
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of(exe))
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run")));
  }

  static Path screenshot(String name) throws java.io.IOException {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    return dir.resolve(name + ".png");
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
