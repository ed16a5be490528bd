/** Stage 4: the detection engine, its candidate index, the full-scan twin, and alerts. */
package dev.haechi.detection.engine;
