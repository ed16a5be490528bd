package dev.haechi.app.detection;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.detection.engine.Alert;

/**
 * What became of each line and alert of an ingested batch, as it happens (all of them; the {@link
 * IngestResult} names only the first rejections). Called on the ingesting thread, under the
 * engine's lock: keep it quick.
 */
public interface IngestListener {
  IngestListener NONE = new IngestListener() {};

  /**
   * An alert was stored: new, a repeat counted on the existing one, or an acknowledged or closed
   * one opened again.
   *
   * @param dedupKey its deduplication key ({@link AlertStore#storedKey} gives the stored form,
   *     {@link AlertStore#alertKey} the deterministic alert key)
   */
  default void stored(Alert alert, String dedupKey, AlertStore.Raised raised) {}

  /** An alert could not be stored (logged and counted; the batch went on). */
  default void notStored(Alert alert, RuntimeException failure) {}

  /** Line {@code line} (1-based, of this batch) was not evaluated, for {@code reason}. */
  default void rejected(long line, String reason) {}
}
