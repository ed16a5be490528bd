/** exercise engine. */
package dev.haechi.exercise;
