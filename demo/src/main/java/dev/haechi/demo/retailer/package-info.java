/**
 * The retailer: an identity directory (FORMATS.md §1.4) for an online retailer with three years of
 * joiners and leavers, in which the engineer who ran key management left in December 2024 having
 * exported the gateway's token-signing key, which was never rotated and is still published.
 */
package dev.haechi.demo.retailer;
