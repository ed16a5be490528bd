package dev.haechi.resilience.simulation;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counts stopped, destroyed and data-losing entities per grade (index 0 = ungraded). */
final class GradeTally {
  private final int[] stopped = new int[5];
  private final int[] destroyed = new int[5];
  private final int[] dataLoss = new int[5];
  private int destroyedBackups;
  private int destroyedAssets;
  private int dataLostForGood;

  void stopped(int grade) {
    stopped[grade]++;
  }

  void destroyed(int grade) {
    destroyed[grade]++;
  }

  void dataLoss(int grade, boolean forGood) {
    dataLoss[grade]++;
    if (forGood) {
      dataLostForGood++;
    }
  }

  void destroyedBackup() {
    destroyedBackups++;
  }

  void destroyedAsset() {
    destroyedAssets++;
  }

  SimulationSummary summary() {
    Map<String, GradeCount> byGrade = new LinkedHashMap<>();
    for (int g = 1; g <= 4; g++) {
      byGrade.put(Integer.toString(g), new GradeCount(stopped[g], destroyed[g], dataLoss[g]));
    }
    byGrade.put("ungraded", new GradeCount(stopped[0], destroyed[0], dataLoss[0]));
    return new SimulationSummary(
        sum(stopped),
        sum(destroyed),
        destroyedBackups,
        destroyedAssets,
        sum(dataLoss),
        dataLostForGood,
        byGrade);
  }

  private static int sum(int[] a) {
    int s = 0;
    for (int v : a) {
      s += v;
    }
    return s;
  }
}
