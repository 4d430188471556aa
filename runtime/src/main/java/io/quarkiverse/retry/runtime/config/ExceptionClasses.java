package io.quarkiverse.retry.runtime.config;

import java.util.ArrayList;
import java.util.List;

/** Loads the exception classes named by {@code retry-on}, {@code abort-on}, {@code fail-on} and {@code skip-on}. */
final class ExceptionClasses {

    private final ConfigProblems problems;
    private final ClassLoader classLoader;

    ExceptionClasses(ConfigProblems problems, ClassLoader classLoader) {
        this.problems = problems;
        this.classLoader = classLoader;
    }

    /** The classes the setting names; a name that does not load, or is not a {@code Throwable}, is a problem. */
    List<Class<? extends Throwable>> load(Setting<List<String>> names) {
        List<Class<? extends Throwable>> types = new ArrayList<>(names.value().size());
        for (String className : names.value()) {
            String trimmed = className.trim();
            Class<?> type;
            try {
                type = Class.forName(trimmed, false, classLoader);
            } catch (ClassNotFoundException | LinkageError e) {
                problems.add(names, "names class " + trimmed + ", which cannot be loaded (" + e + ")");
                continue;
            }
            if (!Throwable.class.isAssignableFrom(type)) {
                problems.add(names, "names class " + trimmed + ", which is not a java.lang.Throwable");
                continue;
            }
            types.add(type.asSubclass(Throwable.class));
        }
        return types;
    }
}
