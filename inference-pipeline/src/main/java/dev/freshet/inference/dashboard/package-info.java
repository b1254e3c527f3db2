/** What the dashboard draws, kept in memory for the last hour: samples, the registry's timeline, confusion matrices. */
package dev.freshet.inference.dashboard;
