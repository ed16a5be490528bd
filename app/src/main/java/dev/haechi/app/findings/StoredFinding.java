package dev.haechi.app.findings;

import java.util.List;
import java.util.Map;

/** A finding as kept in the store, with the run that produced it. */
public record StoredFinding(
    long id,
    long runId,
    String capability,
    String type,
    String severity,
    String title,
    Map<String, String> subject,
    List<String> evidence,
    String remedy) {}
