/** identity engine. */
package dev.haechi.identity;
