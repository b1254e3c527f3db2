package dev.freshet.inference.rest;

/** Every error answer, as the Open Inference Protocol has it: {@code {"error": "..."}}. */
public record ErrorResponse(String error) {}
