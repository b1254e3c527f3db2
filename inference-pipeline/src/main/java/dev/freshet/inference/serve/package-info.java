/**
 * The models served: the champion (or a version asked for) loaded from the registry and swapped in while requests
 * run, reloads on registry events and on a schedule, the warm-up before ready, and the answers' meters.
 */
package dev.freshet.inference.serve;
