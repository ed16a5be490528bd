/** Stage 5: Sigma correlation rules over detection matches, windowed in event time. */
package dev.haechi.detection.correlation;
