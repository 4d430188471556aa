package io.quarkiverse.retry.deployment;

import java.lang.reflect.Modifier;

/** Bit tests on JVM access flags. */
final class Modifiers {

    static boolean isPrivate(short flags) {
        return (flags & Modifier.PRIVATE) != 0;
    }

    static boolean isStatic(short flags) {
        return (flags & Modifier.STATIC) != 0;
    }

    private Modifiers() {
    }
}
