package io.quarkiverse.retry.runtime.properties;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the randomized properties as plain JUnit tests. A property checks a fixed number of tries; each try draws its
 * input from its own {@link SplittableRandom}, seeded from the base seed, the property's name and the try's index, so
 * every run checks the same inputs, and any one try can be replayed alone.
 * <p>
 * The base seed is the system property {@code properties.seed} (decimal, or hexadecimal with {@code 0x}),
 * {@link #DEFAULT_SEED} when it is not set; the system property {@code properties.try} runs only the try of that index.
 * A failing try is reported with the property, the base seed, the try's index and the input, for example:
 *
 * <pre>
 * ./mvnw -o -pl runtime test -Dtest='BackoffPropertiesTest#everyWaitLiesWithinZeroAndMax' -Dproperties.seed=... -Dproperties.try=...
 * </pre>
 */
final class Tries {

    static final long DEFAULT_SEED = 20_260_101L;
    /** The base seed of this run. */
    static final long SEED = Long.decode(System.getProperty("properties.seed", Long.toString(DEFAULT_SEED)).trim());
    /** As many discarded tries per checked one as a property tolerates (past that its assumption is too strict). */
    static final int MAX_DISCARD_RATIO = 5;

    private static final Integer ONLY = Integer.getInteger("properties.try");

    private Tries() {
    }

    /** The try's input does not fit the property (see {@link #assume(boolean)}). */
    private static final class Discarded extends RuntimeException {
        Discarded() {
            super("discarded", null, false, false);
        }
    }

    /** Discards the current try unless {@code condition} holds; the try still counts as one of the property's tries. */
    static void assume(boolean condition) {
        if (!condition) {
            throw new Discarded();
        }
    }

    /**
     * Checks {@code property} on {@code tries} inputs drawn by {@code generator}; the property is the calling test
     * method. The first failure (an assertion or any other exception) is rethrown with the property, the seed, the try
     * and the input prefixed to its message.
     *
     * @return how many tries were checked (not discarded): {@code tries} less the discarded ones, or at most one when
     *         {@code properties.try} picks a single try
     */
    static <T> int forAll(int tries, Function<SplittableRandom, T> generator, Consumer<? super T> property) {
        String name = caller();
        int checked = 0;
        int discarded = 0;
        for (int i = 0; i < tries; i++) {
            if (ONLY != null && ONLY != i) {
                continue;
            }
            T input = null;
            try {
                input = generator.apply(new SplittableRandom(seed(name, i)));
                property.accept(input);
                checked++;
            } catch (Discarded e) {
                discarded++;
            } catch (Throwable failure) {
                throw new AssertionError(where(name, i, tries) + "\n  input: " + input + "\n" + failure, failure);
            }
        }
        if (checked == 0 && discarded > 0 || discarded > MAX_DISCARD_RATIO * checked) {
            throw new AssertionError(String.format("%s: %s tries discarded, %s checked (seed %s)", name, discarded,
                    checked, SEED));
        }
        return checked;
    }

    /** Whether {@code properties.try} picks a single try (so that statistics over all tries do not apply). */
    static boolean replaying() {
        return ONLY != null;
    }

    /** The property, try and seeds, and how to replay that try alone. */
    static String where(String property, int index, int tries) {
        return String.format("%s, try %s (of 0 to %s), seed %s (replay: -Dtest='%s' -Dproperties.seed=%s"
                + " -Dproperties.try=%s)", property, index, tries - 1, SEED, property, SEED, index);
    }

    /** The seed of try {@code index} of {@code property}: the base seed, the name and the index, well mixed. */
    static long seed(String property, int index) {
        return mix(mix(SEED ^ mix(property.hashCode())) + 0x9E3779B97F4A7C15L * (index + 1L));
    }

    /** The finalizer of SplitMix64 (Stafford's variant 13): nearby inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code Class#method} of the test method that called {@link #forAll}. */
    private static String caller() {
        return StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> !f.getClassName().equals(Tries.class.getName())).findFirst())
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "#" + f.getMethodName())
                .orElse("?");
    }
}
