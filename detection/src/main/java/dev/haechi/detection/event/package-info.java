/** JSON events as compiled rules read them: fields looked up and converted once, on demand. */
package dev.haechi.detection.event;
