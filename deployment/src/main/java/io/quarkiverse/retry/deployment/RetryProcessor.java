package io.quarkiverse.retry.deployment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationTransformation;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.retry.CircuitBreakers;
import io.quarkiverse.retry.WithRetry;
import io.quarkiverse.retry.runtime.RetryInterceptor;
import io.quarkiverse.retry.runtime.RetryMethodMetadata;
import io.quarkiverse.retry.runtime.RetryRecorder;
import io.quarkiverse.retry.runtime.RetryRegistry;
import io.quarkiverse.retry.runtime.ReturnShape;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.AnnotationsTransformerBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.AdditionalIndexedClassesBuildItem;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.ShutdownContextBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.runtime.RuntimeValue;

/**
 * Build steps of the retry extension: discovers every {@code @WithRetry} method in the index, refuses the ones that
 * cannot be retried, precomputes their metadata and records the registry that the interceptor reads.
 */
class RetryProcessor {

    static final String FEATURE = "retry";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    void beans(BuildProducer<AdditionalBeanBuildItem> beans, BuildProducer<AdditionalIndexedClassesBuildItem> indexed) {
        indexed.produce(new AdditionalIndexedClassesBuildItem(WithRetry.class.getName()));
        beans.produce(AdditionalBeanBuildItem.unremovableOf(RetryInterceptor.class));
    }

    /**
     * ArC would reject {@code @WithRetry} on a private method with its own generic message; remove the binding from
     * private and static methods so that {@link #validate} reports them with the extension's clearer one.
     */
    @BuildStep
    AnnotationsTransformerBuildItem hideUninterceptableMethods() {
        return new AnnotationsTransformerBuildItem(AnnotationTransformation.forMethods()
                .whenMethod(m -> (Modifiers.isPrivate(m.flags()) || Modifiers.isStatic(m.flags()))
                        && m.hasDeclaredAnnotation(RetryDotNames.WITH_RETRY))
                .transform(context -> context.remove(a -> a.name().equals(RetryDotNames.WITH_RETRY))));
    }

    @BuildStep
    void discover(CombinedIndexBuildItem combinedIndex, BuildProducer<RetryMethodBuildItem> methods,
            BuildProducer<RetryDefinitionErrorBuildItem> errors) {
        RetryMethodScanner scanner = new RetryMethodScanner(combinedIndex.getIndex());
        scanner.scan();
        for (RetryMethodMetadata metadata : scanner.methods()) {
            methods.produce(new RetryMethodBuildItem(metadata));
        }
        for (RetryDefinitionException error : scanner.errors()) {
            errors.produce(new RetryDefinitionErrorBuildItem(error));
        }
    }

    /** Reports every misplaced {@code @WithRetry} at once; ArC turns them into one failed build. */
    @BuildStep
    void validate(ValidationPhaseBuildItem validationPhase, List<RetryDefinitionErrorBuildItem> errors,
            BuildProducer<ValidationErrorBuildItem> validationErrors) {
        if (!errors.isEmpty()) {
            List<Throwable> all = new ArrayList<>();
            for (RetryDefinitionErrorBuildItem error : errors) {
                all.add(error.getError());
            }
            validationErrors.produce(new ValidationErrorBuildItem(all));
        }
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void registry(RetryRecorder recorder, List<RetryMethodBuildItem> methods, ShutdownContextBuildItem shutdown,
            BuildProducer<SyntheticBeanBuildItem> beans) {
        List<RetryMethodMetadata> metadata = new ArrayList<>(methods.size());
        for (RetryMethodBuildItem method : methods) {
            metadata.add(method.getMetadata());
        }
        RuntimeValue<RetryRegistry> registry = recorder.createRegistry(metadata, shutdown);
        beans.produce(SyntheticBeanBuildItem.configure(RetryRegistry.class)
                .scope(Singleton.class)
                .setRuntimeInit()
                .unremovable()
                .runtimeValue(registry)
                .done());
        beans.produce(SyntheticBeanBuildItem.configure(CircuitBreakers.class)
                .types(CircuitBreakers.class)
                .scope(Singleton.class)
                .setRuntimeInit()
                .runtimeValue(recorder.circuitBreakers(registry))
                .done());
    }

    /**
     * {@code retry-on}, {@code abort-on}, {@code circuit-breaker.fail-on} and {@code circuit-breaker.skip-on} name
     * exception classes that are loaded by name at startup: register them
     * so that {@code Class.forName} finds them in a native executable too.
     */
    @BuildStep
    void registerExceptionTypes(BuildProducer<ReflectiveClassBuildItem> reflective) {
        Config config = ConfigProvider.getConfig();
        Set<String> classNames = new TreeSet<>();
        classNames.add(Exception.class.getName());
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("quarkus.retry.") && isExceptionList(name)) {
                Optional<List<String>> values = config.getOptionalValues(name, String.class);
                values.ifPresent(list -> list.forEach(v -> classNames.add(v.trim())));
            }
        }
        reflective.produce(ReflectiveClassBuildItem.builder(classNames.toArray(new String[0]))
                .reason(getClass().getName())
                .build());
    }

    private static boolean isExceptionList(String propertyName) {
        String stripped = propertyName.replaceAll("\\[\\d+]$", "");
        return stripped.endsWith(".retry-on") || stripped.endsWith(".abort-on")
                || stripped.endsWith(".circuit-breaker.fail-on") || stripped.endsWith(".circuit-breaker.skip-on");
    }

    /**
     * The Jandex work: finds methods covered by method- and class-level {@code @WithRetry} (class-level ones are
     * {@code @Inherited}, so subclasses count too) and checks each of them.
     */
    static final class RetryMethodScanner {

        private final IndexView index;
        private final Map<String, RetryMethodMetadata> methods = new LinkedHashMap<>();
        private final List<RetryDefinitionException> errors = new ArrayList<>();
        private final Set<DotName> completionStageTypes = new HashSet<>();
        private final Set<DotName> streamTypes = new HashSet<>(RetryDotNames.STREAMS);
        private final Set<DotName> uniTypes = new HashSet<>();

        RetryMethodScanner(IndexView index) {
            this.index = index;
            for (ClassInfo c : index.getAllKnownImplementors(RetryDotNames.COMPLETION_STAGE)) {
                completionStageTypes.add(c.name());
            }
            for (DotName stream : RetryDotNames.STREAMS) {
                for (ClassInfo c : index.getAllKnownImplementors(stream)) {
                    streamTypes.add(c.name());
                }
                for (ClassInfo c : index.getAllKnownSubclasses(stream)) {
                    streamTypes.add(c.name());
                }
            }
            for (ClassInfo c : index.getAllKnownImplementors(RetryDotNames.UNI)) {
                uniTypes.add(c.name());
            }
        }

        List<RetryMethodMetadata> methods() {
            return new ArrayList<>(methods.values());
        }

        List<RetryDefinitionException> errors() {
            return errors;
        }

        void scan() {
            Set<ClassInfo> classLevel = new LinkedHashSet<>();
            for (AnnotationInstance annotation : index.getAnnotations(RetryDotNames.WITH_RETRY)) {
                AnnotationTarget target = annotation.target();
                if (target.kind() == AnnotationTarget.Kind.METHOD) {
                    scanAnnotatedMethod(target.asMethod(), policyName(annotation));
                } else if (target.kind() == AnnotationTarget.Kind.CLASS) {
                    ClassInfo annotated = target.asClass();
                    if (annotated.isInterface() || annotated.isAnnotation()) {
                        continue;
                    }
                    classLevel.add(annotated);
                    classLevel.addAll(index.getAllKnownSubclasses(annotated.name()));
                }
            }
            for (ClassInfo beanClass : classLevel) {
                scanClass(beanClass);
            }
        }

        private void scanAnnotatedMethod(MethodInfo method, String policyName) {
            String display = display(method.declaringClass(), method);
            if (Modifiers.isPrivate(method.flags())) {
                errors.add(new RetryDefinitionException(display, "@WithRetry on private method " + display
                        + " has no effect: CDI does not intercept private methods. Make the method at least"
                        + " package-private, or remove the annotation."));
                return;
            }
            if (Modifiers.isStatic(method.flags())) {
                errors.add(new RetryDefinitionException(display, "@WithRetry on static method " + display
                        + " has no effect: CDI does not intercept static methods. Make the method an instance"
                        + " method of a bean, or remove the annotation."));
                return;
            }
            ReturnShape shape = shape(method, display, "@WithRetry on " + display);
            if (shape == null || method.declaringClass().isInterface()) {
                return; // error reported, or resolved from ArC's bindings at the first call
            }
            put(method.declaringClass(), method, shape, policyName);
        }

        /** Every business method of a class that carries (or inherits) a class-level {@code @WithRetry}. */
        private void scanClass(ClassInfo beanClass) {
            String classPolicy = classLevelPolicy(beanClass);
            Set<String> seen = new HashSet<>();
            for (ClassInfo c = beanClass; c != null && !c.name().equals(RetryDotNames.OBJECT); c = superclass(c)) {
                for (MethodInfo method : c.methods()) {
                    if (!seen.add(method.name() + signature(method))) {
                        continue; // overridden further down
                    }
                    if (!isBusinessMethod(method)) {
                        continue;
                    }
                    AnnotationInstance own = method.annotation(RetryDotNames.WITH_RETRY);
                    if (own != null) {
                        // method-level wins; its shape was checked with the annotated method
                        ReturnShape shape = silentShape(method);
                        if (shape != null) {
                            put(beanClass, method, shape, policyName(own));
                        }
                        continue;
                    }
                    String display = display(beanClass, method);
                    ReturnShape shape = shape(method, display,
                            "Class-level @WithRetry on " + beanClass.name() + " covers " + display);
                    if (shape != null) {
                        put(beanClass, method, shape, classPolicy);
                    }
                }
            }
        }

        private static boolean isBusinessMethod(MethodInfo method) {
            short flags = method.flags();
            return !method.isConstructor() && !method.isStaticInitializer() && !Modifiers.isPrivate(flags)
                    && !Modifiers.isStatic(flags) && !Modifiers.isFinal(flags) && !method.isSynthetic()
                    && !Modifiers.isBridge(flags) && !Modifiers.isAbstract(flags);
        }

        private String classLevelPolicy(ClassInfo beanClass) {
            for (ClassInfo c = beanClass; c != null; c = superclass(c)) {
                AnnotationInstance annotation = c.declaredAnnotation(RetryDotNames.WITH_RETRY);
                if (annotation != null) {
                    return policyName(annotation);
                }
            }
            return "";
        }

        private ClassInfo superclass(ClassInfo c) {
            DotName superName = c.superName();
            return superName == null ? null : index.getClassByName(superName);
        }

        private void put(ClassInfo beanClass, MethodInfo method, ReturnShape shape, String policyName) {
            String[] parameterTypes = new String[method.parametersCount()];
            for (int i = 0; i < parameterTypes.length; i++) {
                parameterTypes[i] = binaryName(method.parameterType(i));
            }
            String key = RetryMethodMetadata.key(beanClass.name().toString(), method.name(), parameterTypes);
            methods.put(key, new RetryMethodMetadata(key, display(beanClass, method), shape, policyName));
        }

        /** The return shape, or {@code null} after reporting an error. */
        private ReturnShape shape(MethodInfo method, String display, String context) {
            ReturnShape shape = silentShape(method);
            if (shape == null) {
                DotName type = method.returnType().name();
                errors.add(new RetryDefinitionException(display, context + ", which returns " + type
                        + ": that return type cannot be retried correctly. Supported are Uni, CompletionStage,"
                        + " CompletableFuture and any non-reactive type (retried synchronously); a stream such as"
                        + " Multi or Publisher would replay items already emitted."));
            }
            return shape;
        }

        private ReturnShape silentShape(MethodInfo method) {
            Type returnType = method.returnType();
            if (returnType.kind() == Type.Kind.VOID || returnType.kind() == Type.Kind.PRIMITIVE
                    || returnType.kind() == Type.Kind.ARRAY) {
                return ReturnShape.SYNC;
            }
            DotName name = returnType.name();
            if (name.equals(RetryDotNames.UNI)) {
                return ReturnShape.UNI;
            }
            if (name.equals(RetryDotNames.COMPLETION_STAGE) || name.equals(RetryDotNames.COMPLETABLE_FUTURE)) {
                return ReturnShape.COMPLETION_STAGE;
            }
            if (streamTypes.contains(name) || completionStageTypes.contains(name) || uniTypes.contains(name)) {
                return null;
            }
            return ReturnShape.SYNC;
        }

        private static String policyName(AnnotationInstance annotation) {
            AnnotationValue value = annotation.value();
            return value == null ? "" : value.asString();
        }

        private static String display(ClassInfo beanClass, MethodInfo method) {
            return beanClass.name() + "#" + method.name();
        }

        private static String signature(MethodInfo method) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < method.parametersCount(); i++) {
                sb.append(binaryName(method.parameterType(i))).append(';');
            }
            return sb.append(')').toString();
        }

        /** The erased type as {@link Class#getName()} spells it. */
        static String binaryName(Type type) {
            return type.name().toString();
        }
    }

    /** Bit tests on JVM access flags. */
    static final class Modifiers {
        static boolean isPrivate(short flags) {
            return (flags & java.lang.reflect.Modifier.PRIVATE) != 0;
        }

        static boolean isStatic(short flags) {
            return (flags & java.lang.reflect.Modifier.STATIC) != 0;
        }

        static boolean isFinal(short flags) {
            return (flags & java.lang.reflect.Modifier.FINAL) != 0;
        }

        static boolean isAbstract(short flags) {
            return (flags & java.lang.reflect.Modifier.ABSTRACT) != 0;
        }

        static boolean isBridge(short flags) {
            return (flags & 0x0040) != 0; // ACC_BRIDGE
        }

        private Modifiers() {
        }
    }
}
