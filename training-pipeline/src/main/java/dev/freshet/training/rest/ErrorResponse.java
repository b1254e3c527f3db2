package dev.freshet.training.rest;

/** Every error answer of the training API: {@code {"error": "..."}}. */
public record ErrorResponse(String error) {}
