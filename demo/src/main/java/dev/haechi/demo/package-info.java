/** demo engine. */
package dev.haechi.demo;
