/**
 * Immutable Tribuo models of Freshet's online learners, with their own protobuf messages registered
 * through Tribuo's class-name redirection, so {@code Model.deserialize} loads them like any Tribuo model.
 */
package dev.freshet.learn.model;
