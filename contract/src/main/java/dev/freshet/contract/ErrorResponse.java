package dev.freshet.contract;

/**
 * Every error answer of the services' REST APIs, in the Open Inference Protocol's form: {@code {"error": "..."}}.
 */
public record ErrorResponse(String error) {}
