/** detection engine. */
package dev.haechi.detection;
