package dev.haechi.flink;

import dev.haechi.flink.Records.EventRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * A file of JSON Lines as events numbered by line (1-based), as {@code haechi detect} numbers them:
 * blank lines before the first event are skipped, later ones are events (and rejected as not JSON).
 * Not splittable, so a restore re-reads the file and skips what was read: line numbers stay right.
 */
public class NumberedLines extends SimpleStreamFormat<EventRecord> {
  private static final long serialVersionUID = 1L;

  @Override
  public Reader<EventRecord> createReader(Configuration config, FSDataInputStream stream) {
    BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    return new Reader<>() {
      long line;
      boolean started;

      @Override
      public EventRecord read() throws IOException {
        String s;
        while ((s = in.readLine()) != null) {
          line++;
          if (started || !s.isBlank()) {
            started = true;
            return Prepared.of(line, s);
          }
        }
        return null;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  @Override
  public TypeInformation<EventRecord> getProducedType() {
    return TypeInformation.of(EventRecord.class);
  }
}
