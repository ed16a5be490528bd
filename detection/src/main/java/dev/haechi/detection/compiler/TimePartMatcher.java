package dev.haechi.detection.compiler;

import dev.haechi.detection.event.FieldValue;
import dev.haechi.detection.rules.Modifier;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;

/**
 * Time modifiers ({@code minute}, {@code hour}, {@code day}, {@code week}, {@code month}, {@code
 * year}): the part of a date value, compared for equality or with a numeric modifier. As the
 * appendix warns, no time-zone conversion: the part is read as written. Accepts ISO-8601 with or
 * without offset, a space instead of {@code T}, and plain dates. {@code week} is the ISO week.
 */
record TimePartMatcher(Modifier part, Modifier op, double bound) implements ValueMatcher {
  @Override
  public boolean matches(FieldValue value) {
    if (value.text() == null) {
      return false;
    }
    TemporalAccessor t = parse(value.text().trim());
    if (t == null) {
      return false;
    }
    long x =
        switch (part) {
          case MINUTE ->
              t.isSupported(ChronoField.MINUTE_OF_HOUR) ? t.get(ChronoField.MINUTE_OF_HOUR) : -1;
          case HOUR -> t.isSupported(ChronoField.HOUR_OF_DAY) ? t.get(ChronoField.HOUR_OF_DAY) : -1;
          case DAY -> t.get(ChronoField.DAY_OF_MONTH);
          case WEEK -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
          case MONTH -> t.get(ChronoField.MONTH_OF_YEAR);
          default -> t.get(ChronoField.YEAR);
        };
    return x >= 0 && NumberMatcher.test(op, x, bound);
  }

  static TemporalAccessor parse(String s) {
    String iso =
        s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    try {
      return OffsetDateTime.parse(iso);
    } catch (DateTimeParseException e) {
      // not with an offset
    }
    try {
      return LocalDateTime.parse(iso);
    } catch (DateTimeParseException e) {
      // not a local date-time
    }
    try {
      return LocalDate.parse(iso);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
