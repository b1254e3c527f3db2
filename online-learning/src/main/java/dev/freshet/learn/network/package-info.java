/**
 * The numeric core shared by the linear and MLP learners: dense layers grown by name, online
 * standardisation, optimisers whose state survives snapshots, and the per-example forward and backward pass.
 */
package dev.freshet.learn.network;
