package dev.freshet.inference.serve;

import java.util.List;

/** A request or message whose features cannot be scored: every problem found, for a 400 or a dead letter. */
public class InvalidInputException extends RuntimeException {

    private final List<String> problems;

    public InvalidInputException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
