package io.quarkiverse.retry.runtime.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code retry-on-result} classes as predicates: the CDI bean of the class if it is one, otherwise one instance
 * made with its no-argument constructor. Each class is instantiated once, however many policies name it. Startup
 * only; the engine calls the predicate, never this.
 */
final class ResultPredicates {

    /**
     * The bean of a class when the application has exactly one, otherwise {@code null}; no CDI: always
     * {@code null}.
     */
    interface Beans extends Function<Class<?>, Object> {
        Beans NONE = type -> null;
    }

    private final ConfigProblems problems;
    private final ClassLoader classLoader;
    private final Beans beans;
    private final Map<String, Predicate<Object>> byClass = new HashMap<>();

    ResultPredicates(ConfigProblems problems, ClassLoader classLoader, Beans beans) {
        this.problems = problems;
        this.classLoader = classLoader;
        this.beans = beans;
    }

    /** The predicate the setting names, {@code null} when it names none (or after reporting a problem). */
    @SuppressWarnings("unchecked")
    Predicate<Object> load(Setting<String> setting) {
        String className = setting.value() == null ? "" : setting.value().trim();
        if (className.isEmpty()) {
            return null;
        }
        Predicate<Object> known = byClass.get(className);
        if (known != null) {
            return known;
        }
        Class<?> type;
        try {
            type = Class.forName(className, false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add(setting, "names class " + className + ", which cannot be loaded (" + e + ")");
            return null;
        }
        if (!Predicate.class.isAssignableFrom(type)) {
            problems.add(setting, "names class " + className + ", which does not implement "
                    + "java.util.function.Predicate<Object> (true: the result is a failure)");
            return null;
        }
        Object instance = beans.apply(type);
        if (instance == null) {
            instance = construct(setting, type);
            if (instance == null) {
                return null;
            }
        }
        Predicate<Object> predicate = (Predicate<Object>) instance;
        byClass.put(className, predicate);
        return predicate;
    }

    private Object construct(Setting<String> setting, Class<?> type) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            problems.add(setting, "names " + (type.isInterface() ? "interface " : "abstract class ") + type.getName()
                    + ", which is neither a CDI bean nor instantiable; name a concrete class with a no-argument"
                    + " constructor, or make it a bean");
            return null;
        }
        Constructor<?> constructor;
        try {
            constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            problems.add(setting, "names class " + type.getName() + ", which is not a CDI bean and has no"
                    + " no-argument constructor");
            return null;
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            problems.add(setting, "names class " + type.getName() + ", whose no-argument constructor threw "
                    + e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            problems.add(setting, "names class " + type.getName() + ", which cannot be instantiated (" + e + ")");
        }
        return null;
    }
}
