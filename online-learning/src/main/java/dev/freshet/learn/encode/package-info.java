/**
 * How declared features become a model's inputs: numeric (standardised by the network), categorical (one-hot
 * over declared values plus a counted unknown slot), cyclical (sine and cosine of a declared period), and
 * crosses of features or groups. The encoding travels inside the model, so serving and training transform alike.
 */
package dev.freshet.learn.encode;
