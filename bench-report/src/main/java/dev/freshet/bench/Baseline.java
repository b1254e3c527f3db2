package dev.freshet.bench;

/** What a figure is compared with, measured in the same run on the same machine. */
public record Baseline(String name, String unit, Stats stats) {}
