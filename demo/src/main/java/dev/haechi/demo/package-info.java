/**
 * The two demo organisations, generated deterministically from a seed and a scale.
 *
 * <p>{@link dev.haechi.demo.DemoOrganisations} is the entry point. {@code retailer} writes an
 * identity directory (FORMATS.md §1.4) in which a key-management engineer left with the gateway's
 * token-signing key; {@code government} writes a resilience catalog (FORMATS.md §3) in which a
 * Li-ion UPS battery past its life stands in the room that runs most grade-1 systems. Each
 * organisation's folder holds a {@code demo.json} manifest naming what was planted, so that tests
 * of the engines can assert against it.
 */
package dev.haechi.demo;
