package dev.haechi.breach.hold;

/** A deletion the store refused because a legal hold covers the data; the refusal is recorded. */
public class HoldRefusedException extends RuntimeException {
  public HoldRefusedException(String message) {
    super(message);
  }
}
