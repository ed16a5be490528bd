package dev.haechi.detection.rules;

import java.util.List;

/** The abstract syntax of a Sigma condition (Sigma rules specification, "Condition"). */
public sealed interface Condition {
  /** A reference to one search identifier. */
  record Ref(String name) implements Condition {}

  record And(List<Condition> operands) implements Condition {}

  record Or(List<Condition> operands) implements Condition {}

  record Not(Condition operand) implements Condition {}

  /**
   * {@code 1 of pattern}, {@code all of pattern}, {@code 1 of them}, {@code all of them}; {@code
   * pattern} is null for {@code them}.
   */
  record Quantified(boolean all, String pattern) implements Condition {}
}
