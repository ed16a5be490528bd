/** Stage 3: rule variants compiled once into event predicates and value matchers. */
package dev.haechi.detection.compiler;
