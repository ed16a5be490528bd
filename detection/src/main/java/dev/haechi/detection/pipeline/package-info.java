/** Stage 2: processing pipelines that adapt rules to a log format before compilation. */
package dev.haechi.detection.pipeline;
