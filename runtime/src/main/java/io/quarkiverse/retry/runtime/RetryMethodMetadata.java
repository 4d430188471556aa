package io.quarkiverse.retry.runtime;

import io.quarkus.runtime.annotations.RecordableConstructor;

/**
 * What the build knows about one retried method, recorded into the application so that nothing has to be looked up
 * or classified per call.
 */
public final class RetryMethodMetadata {

    private final String key;
    private final String displayName;
    private final ReturnShape shape;
    private final String policyName;
    private final String httpMethod;

    /**
     * @param key {@code beanClass#name(paramType,...)} with binary type names, as built by {@link #key}
     * @param displayName {@code Class#method}, for logs and messages (the interface of a REST client)
     * @param policyName {@code ""} for the default policy
     * @param httpMethod the HTTP method of a REST client method ({@code GET}, {@code POST}, ...), {@code ""} for a
     *        method that is not one
     */
    @RecordableConstructor
    public RetryMethodMetadata(String key, String displayName, ReturnShape shape, String policyName,
            String httpMethod) {
        this.key = key;
        this.displayName = displayName;
        this.shape = shape;
        this.policyName = policyName;
        this.httpMethod = httpMethod;
    }

    public String getKey() {
        return key;
    }

    public String getDisplayName() {
        return displayName;
    }

    public ReturnShape getShape() {
        return shape;
    }

    public String getPolicyName() {
        return policyName;
    }

    public String getHttpMethod() {
        return httpMethod;
    }

    /**
     * Whether the method may be called again without harm: everything but {@code POST} and {@code PATCH} REST client
     * methods (HTTP defines {@code PUT} and {@code DELETE} as idempotent).
     */
    public static boolean isIdempotent(String httpMethod) {
        return !"POST".equals(httpMethod) && !"PATCH".equals(httpMethod);
    }

    /**
     * The lookup key of a method as seen from a bean class: {@code beanClass#name(p1,p2)}, parameter types as
     * {@link Class#getName()} spells them (so {@code [Ljava.lang.String;} for {@code String[]}).
     */
    public static String key(String beanClass, String methodName, String[] parameterTypeNames) {
        StringBuilder sb = new StringBuilder(beanClass.length() + methodName.length() + 16);
        sb.append(beanClass).append('#').append(methodName).append('(');
        for (int i = 0; i < parameterTypeNames.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(parameterTypeNames[i]);
        }
        return sb.append(')').toString();
    }

    @Override
    public String toString() {
        return displayName + " [" + shape + ", policy " + (policyName.isEmpty() ? "<default>" : policyName) + "]";
    }
}
