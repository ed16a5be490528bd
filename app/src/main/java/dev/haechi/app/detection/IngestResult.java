package dev.haechi.app.detection;

import java.util.List;

/**
 * What one ingested batch did: events evaluated, lines rejected (with the first {@link
 * DetectionService#REPORTED_REJECTIONS} reasons, each naming its line), alerts raised, and of those
 * how many were new (the rest were repeats counted on an existing alert).
 */
public record IngestResult(
    long events, long rejected, List<String> rejections, long alerts, long newAlerts) {}
