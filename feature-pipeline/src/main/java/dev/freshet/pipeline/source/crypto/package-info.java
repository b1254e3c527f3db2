/**
 * The crypto source: trades from Kraken's WebSocket feed, a recorded file or a simulator, built into candles whose
 * features are published when each closes, and labelled with the price's direction a set number of candles later.
 */
package dev.freshet.pipeline.source.crypto;
