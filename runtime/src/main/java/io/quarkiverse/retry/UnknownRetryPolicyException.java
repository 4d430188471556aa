package io.quarkiverse.retry;

import java.util.Set;
import java.util.TreeSet;

/**
 * A retry policy was asked for by a name that has no configuration: thrown by {@link Retries#policy(String)}, with
 * the message a {@code @WithRetry("name")} naming it gets at startup.
 */
public class UnknownRetryPolicyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String policy;

    /**
     * @param user who names the policy, for example {@code @WithRetry("x") on Class#method}
     * @param policy the name
     * @param configured the names of the configured policies
     */
    public UnknownRetryPolicyException(String user, String policy, Set<String> configured) {
        super(message(user, policy, configured));
        this.policy = policy;
    }

    /** The name of the missing policy. */
    public String getPolicy() {
        return policy;
    }

    /** The message of a missing policy, the same at startup and at run time. */
    public static String message(String user, String policy, Set<String> configured) {
        return user + " names the retry policy \"" + policy + "\", which has no configuration (no quarkus.retry.\""
                + policy + "\".* property); configured policies: " + new TreeSet<>(configured);
    }
}
