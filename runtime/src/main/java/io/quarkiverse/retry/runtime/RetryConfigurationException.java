package io.quarkiverse.retry.runtime;

import java.util.List;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The retry configuration is invalid: thrown once at startup with every problem found, each naming the full property
 * key and the value as written (or the method that names an unknown policy).
 */
public class RetryConfigurationException extends ConfigurationException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public RetryConfigurationException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order found. */
    public List<String> getProblems() {
        return problems;
    }

    private static String message(List<String> problems) {
        StringBuilder message = new StringBuilder("Invalid retry configuration (")
                .append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        for (String problem : problems) {
            message.append(System.lineSeparator()).append("  - ").append(problem);
        }
        return message.toString();
    }
}
