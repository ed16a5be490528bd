/** resilience engine. */
package dev.haechi.resilience;
