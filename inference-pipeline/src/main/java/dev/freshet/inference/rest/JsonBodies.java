package dev.freshet.inference.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.contract.Messages;
import dev.freshet.inference.serve.InvalidInputException;
import java.io.IOException;

/**
 * Reads request bodies so that every mistake gets its own message: not JSON, the wrong type where a number
 * belongs, NaN and infinities (accepted by the parser only to be refused by name).
 */
final class JsonBodies {

    private static final ObjectMapper MAPPER = Messages.MAPPER.copy()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

    private JsonBodies() {}

    /** The body as a JSON object. */
    static JsonNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidInputException("the body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new InvalidInputException("the body is not valid JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new InvalidInputException("the body could not be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException("the body is " + describe(node) + "; send a JSON object");
        }
        return node;
    }

    /** A number, possibly NaN or infinite (the caller decides); anything else is refused. */
    static double number(JsonNode node, String what) {
        if (node == null || !node.isNumber()) {
            throw new InvalidInputException(what + " is " + describe(node) + ", not a number");
        }
        return node.doubleValue();
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "the string \"" + abbreviate(node.textValue()) + "\"";
        }
        if (node.isBoolean()) {
            return "the boolean " + node.booleanValue();
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return "the number " + node.asText();
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
