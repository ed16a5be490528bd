package dev.haechi.flink;

/** The records that flow between the job's operators (public POJOs for Flink's serializer). */
public final class Records {
  private Records() {}

  /** One input event: its position in the input (line number or Kafka offset) and its text. */
  public static class EventRecord {
    /** Line number (file) or a position that orders the input (Kafka: partition and offset). */
    public long seq;

    public String text;

    /** The detection stage's key (see {@link Prepared}). */
    public String key;

    /** Event time in epoch milliseconds, {@link Long#MIN_VALUE} when the event has none. */
    public long time;

    public EventRecord() {}

    public EventRecord(long seq, String text) {
      this.seq = seq;
      this.text = text;
    }
  }

  /**
   * An event that matched rules some correlation counts, sent to the keyed correlation stage: the
   * correlation's id and the routing value (its first group-by field's value; empty without
   * group-by), event time in epoch milliseconds, and the ids of the matched rules it references
   * (newline-separated).
   */
  public static class Occurrence {
    public String correlation;
    public String routing;
    public long seq;
    public long time;
    public String eventText;
    public String ruleIds;

    public Occurrence() {}

    public Occurrence(
        String correlation, String routing, long seq, long time, String eventText, String ruleIds) {
      this.correlation = correlation;
      this.routing = routing;
      this.seq = seq;
      this.time = time;
      this.eventText = eventText;
      this.ruleIds = ruleIds;
    }

    public String key() {
      return correlation + '\u0000' + routing;
    }
  }

  /**
   * An alert as the one-line JSON {@code haechi detect} prints, with where it was raised: {@code
   * seq} of the event that raised it, {@code phase} 0 for a detection rule, 1 for a correlation
   * fired by that event, 2 for a window judged at its close (then {@code seq} is the window's end
   * in epoch milliseconds), and its index among the alerts of that event.
   */
  public static class AlertRecord {
    public long seq;
    public int phase;
    public int index;
    public String json;

    public AlertRecord() {}

    public AlertRecord(long seq, int phase, int index, String json) {
      this.seq = seq;
      this.phase = phase;
      this.index = index;
      this.json = json;
    }

    /** The order alerts are printed in: by the input position that raised them. */
    public static int compare(AlertRecord a, AlertRecord b) {
      int c = Integer.compare(a.phase == 2 ? 1 : 0, b.phase == 2 ? 1 : 0);
      if (c != 0) {
        return c;
      }
      c = Long.compare(a.seq, b.seq);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(a.phase, b.phase);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(a.index, b.index);
      return c != 0 ? c : a.json.compareTo(b.json);
    }
  }

  /** A line of input that is not an event: its position and the reason. */
  public static class Rejected {
    public long seq;
    public String reason;

    public Rejected() {}

    public Rejected(long seq, String reason) {
      this.seq = seq;
      this.reason = reason;
    }
  }

  /** What became of a rules update: accepted, or refused with the reason (the old rules run on). */
  public static class RuleStatus {
    public long version;
    public boolean accepted;
    public String reason;

    public RuleStatus() {}

    public RuleStatus(long version, boolean accepted, String reason) {
      this.version = version;
      this.accepted = accepted;
      this.reason = reason;
    }

    @Override
    public String toString() {
      return "rules v" + version + (accepted ? " accepted" : " refused: " + reason);
    }
  }
}
