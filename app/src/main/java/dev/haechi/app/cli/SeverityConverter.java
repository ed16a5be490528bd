package dev.haechi.app.cli;

import dev.haechi.core.Severity;
import picocli.CommandLine.ITypeConverter;

/** Reads {@code --fail-on critical|high|medium|low|info}. */
public class SeverityConverter implements ITypeConverter<Severity> {
  @Override
  public Severity convert(String value) {
    return Severity.parse(value);
  }
}
