package io.quarkiverse.retry.deployment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;
import org.jboss.logging.Logger;

import io.quarkiverse.retry.runtime.RetryMethodMetadata;
import io.quarkiverse.retry.runtime.ReturnShape;
import io.quarkus.arc.processor.AnnotationStore;
import io.quarkus.arc.processor.BeanInfo;

/**
 * The discovery of retried methods: every method ArC intercepts with {@code @WithRetry} (from its beans, so methods
 * inherited from superclasses and interface default methods under a class-level annotation are included), with its
 * return shape and policy name, and every misplaced annotation, each as its own {@link RetryDefinitionException}.
 * The return shape is decided here, once; nothing is classified again at run time.
 */
final class RetryMethodScanner {

    private static final Logger LOG = Logger.getLogger(RetryMethodScanner.class);

    private final IndexView index;
    private final AnnotationStore annotations;
    private final Map<String, RetryMethodMetadata> methods = new LinkedHashMap<>();
    private final Map<String, RetryDefinitionException> errors = new LinkedHashMap<>();
    /** Annotated methods that some bean intercepts, as {@code declaringClass#name(params)}. */
    private final Set<String> intercepted = new HashSet<>();
    private final Set<DotName> completionStageTypes = new HashSet<>();
    private final Set<DotName> streamTypes = new HashSet<>(RetryDotNames.STREAMS);
    private final Set<DotName> uniTypes = new HashSet<>();
    private final BuildTimeSettings settings;

    /** What a policy says in the build's configuration, for build-time messages (the values may change at run time). */
    interface BuildTimeSettings {
        int maxAttempts(String policy);

        boolean retryNonIdempotent(String policy);
    }

    /**
     * @param index the bean archive index (it holds generated beans too)
     * @param annotations ArC's annotation store, with every annotation transformation applied
     * @param settings the policies' settings at build time (for messages only)
     */
    RetryMethodScanner(IndexView index, AnnotationStore annotations, BuildTimeSettings settings) {
        this.index = index;
        this.annotations = annotations;
        this.settings = settings;
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
        return new ArrayList<>(errors.values());
    }

    /** Every method of {@code bean} that ArC intercepts with {@code @WithRetry}. */
    void scan(BeanInfo bean) {
        ClassInfo beanClass = bean.getImplClazz();
        if (beanClass == null) {
            return;
        }
        bean.getInterceptedMethodsBindings().forEach((method, bindings) -> {
            for (AnnotationInstance binding : bindings) {
                if (binding.name().equals(RetryDotNames.WITH_RETRY)) {
                    scan(beanClass, method);
                    return;
                }
            }
        });
    }

    private void scan(ClassInfo beanClass, MethodInfo method) {
        AnnotationInstance own = method.declaringClass().isInterface() ? null
                : annotations.getAnnotation(method, RetryDotNames.WITH_RETRY);
        // a REST client's bean is generated: name the interface the user wrote instead, and find its HTTP method
        ClassInfo restClient = restClientInterface(beanClass);
        MethodInfo declared = restClient == null ? null : interfaceMethod(restClient, method);
        String display;
        String where;
        String policy;
        if (own != null) {
            display = restClient != null ? display(restClient, method) : display(method.declaringClass(), method);
            where = "@WithRetry on " + display;
            policy = policyName(own);
            intercepted.add(signature(method.declaringClass(), method));
        } else {
            ClassInfo annotated = classLevelAnnotated(beanClass);
            display = display(restClient != null ? restClient : beanClass, method);
            where = "Class-level @WithRetry on " + (restClient != null ? restClient
                    : annotated == null ? beanClass
                            : annotated)
                    .name() + " covers " + display;
            policy = annotated == null ? "" : policyName(annotations.getAnnotation(annotated, RetryDotNames.WITH_RETRY));
        }
        String httpMethod = declared == null ? "" : httpMethod(declared);
        if (!RetryMethodMetadata.isIdempotent(httpMethod) && !settings.retryNonIdempotent(policy)) {
            LOG.infof("%s is a %s REST client method: it is retried only when the connection could not be made"
                    + " (nothing reached the server), not on an HTTP status or a timeout; set %s=true to retry it on"
                    + " those too", display, httpMethod, policyKey(policy, "retry-non-idempotent"));
        }
        warnIfMicroProfileRetry(beanClass, method, declared, restClient, display, policy);
        ReturnShape shape = shape(method);
        if (shape == null) {
            errors.putIfAbsent(signature(beanClass, method), new UnsupportedReturnTypeException(display, method, where,
                    method.returnType().name()));
            return;
        }
        String[] parameterTypes = new String[method.parametersCount()];
        for (int i = 0; i < parameterTypes.length; i++) {
            parameterTypes[i] = method.parameterType(i).name().toString();
        }
        String key = RetryMethodMetadata.key(beanClass.name().toString(), method.name(), parameterTypes);
        methods.put(key, new RetryMethodMetadata(key, display, shape, policy, httpMethod));
    }

    /** The {@code @RegisterRestClient} interface a generated REST client bean implements, or {@code null}. */
    private ClassInfo restClientInterface(ClassInfo beanClass) {
        String name = beanClass.name().toString();
        if (!name.endsWith(RetryDotNames.REST_CLIENT_WRAPPER_SUFFIX)) {
            return null;
        }
        ClassInfo client = index.getClassByName(
                name.substring(0, name.length() - RetryDotNames.REST_CLIENT_WRAPPER_SUFFIX.length()));
        return client != null && client.isInterface() ? client : null;
    }

    /** The method of the REST client interface (or of one it extends) that the generated bean's method implements. */
    private MethodInfo interfaceMethod(ClassInfo type, MethodInfo method) {
        MethodInfo found = type.method(method.name(), method.parameterTypes());
        if (found != null) {
            return found;
        }
        for (DotName superInterface : type.interfaceNames()) {
            ClassInfo parent = index.getClassByName(superInterface);
            if (parent != null) {
                found = interfaceMethod(parent, method);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The Jakarta REST HTTP method of a REST client interface method ({@code GET}, ...), {@code ""} if none. */
    private String httpMethod(MethodInfo method) {
        for (AnnotationInstance annotation : method.declaredAnnotations()) {
            String standard = RetryDotNames.HTTP_METHODS.get(annotation.name());
            if (standard != null) {
                return standard;
            }
            // a custom HTTP method annotation, meta-annotated with @HttpMethod
            ClassInfo type = index.getClassByName(annotation.name());
            AnnotationInstance meta = type == null ? null : type.declaredAnnotation(RetryDotNames.HTTP_METHOD);
            if (meta != null && meta.value() != null) {
                return meta.value().asString();
            }
        }
        return "";
    }

    /**
     * {@code @WithRetry} and MicroProfile {@code @Retry} on one method nest: every attempt of one is a whole
     * sequence of the other, and the dependency sees the product of the two attempt counts.
     */
    private void warnIfMicroProfileRetry(ClassInfo beanClass, MethodInfo method, MethodInfo declared,
            ClassInfo restClient, String display, String policy) {
        AnnotationInstance retry = annotations.getAnnotation(method, RetryDotNames.MP_RETRY);
        if (retry == null && declared != null) {
            retry = declared.declaredAnnotation(RetryDotNames.MP_RETRY);
        }
        for (ClassInfo c = beanClass; retry == null && c != null && !c.name().equals(RetryDotNames.OBJECT); c = superclass(c)) {
            retry = annotations.getAnnotation(c, RetryDotNames.MP_RETRY);
        }
        if (retry == null && restClient != null) {
            retry = restClient.declaredAnnotation(RetryDotNames.MP_RETRY);
        }
        if (retry == null) {
            return;
        }
        AnnotationValue maxRetries = retry.value("maxRetries");
        int mpAttempts = maxRetries == null ? 4 : maxRetries.asInt() < 0 ? -1 : maxRetries.asInt() + 1;
        int attempts = settings.maxAttempts(policy);
        LOG.warnf("%s has both @WithRetry (%d attempts, retry policy %s) and MicroProfile @Retry (%s): the two retry"
                + " loops nest, so one call can make up to %s calls to the dependency. Keep one of them; @WithRetry"
                + " combines with MicroProfile @Timeout and @CircuitBreaker (the retry outside, a timeout per attempt"
                + " inside)", display, attempts, policy.isEmpty() ? "<default>" : policy,
                mpAttempts < 0 ? "maxRetries -1, unlimited attempts"
                        : "maxRetries " + (mpAttempts - 1) + ", "
                                + mpAttempts + " attempts",
                mpAttempts < 0 ? "an unlimited number of" : attempts + " × " + mpAttempts + " = " + attempts * mpAttempts);
    }

    private static String policyKey(String policy, String property) {
        return policy.isEmpty() ? "quarkus.retry." + property
                : "quarkus.retry." + (policy.contains(".") ? '"' + policy + '"' : policy) + "." + property;
    }

    /**
     * Annotations that no bean acts on: on private and static methods (CDI does not intercept them; their binding
     * was removed so that ArC does not fail first with a message of its own) they are errors, on methods of classes
     * that are not beans a warning. Call after every bean was scanned.
     */
    void scanUnintercepted() {
        Set<String> reported = new LinkedHashSet<>();
        for (AnnotationInstance annotation : index.getAnnotations(RetryDotNames.WITH_RETRY)) {
            if (annotation.target().kind() != AnnotationTarget.Kind.METHOD) {
                continue;
            }
            MethodInfo method = annotation.target().asMethod();
            String display = display(method.declaringClass(), method);
            if (Modifiers.isPrivate(method.flags())) {
                errors.putIfAbsent(signature(method.declaringClass(), method),
                        new PrivateRetryMethodException(display, method));
            } else if (Modifiers.isStatic(method.flags())) {
                errors.putIfAbsent(signature(method.declaringClass(), method),
                        new StaticRetryMethodException(display, method));
            } else if (!method.declaringClass().isInterface()
                    && !intercepted.contains(signature(method.declaringClass(), method)) && reported.add(display)) {
                LOG.warnf("@WithRetry on %s has no effect: no CDI bean of the application intercepts it (%s is not a"
                        + " bean class, or the method is final or not a business method)", display,
                        method.declaringClass().name());
            }
        }
    }

    /** The class (the bean class or a superclass) whose class-level {@code @WithRetry} covers the bean's methods. */
    private ClassInfo classLevelAnnotated(ClassInfo beanClass) {
        for (ClassInfo c = beanClass; c != null && !c.name().equals(RetryDotNames.OBJECT); c = superclass(c)) {
            if (annotations.getAnnotation(c, RetryDotNames.WITH_RETRY) != null) {
                return c;
            }
        }
        return null;
    }

    private ClassInfo superclass(ClassInfo c) {
        DotName superName = c.superName();
        return superName == null ? null : index.getClassByName(superName);
    }

    /** The return shape of a retried method, or {@code null} when its return type cannot be retried. */
    ReturnShape shape(MethodInfo method) {
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
        AnnotationValue value = annotation == null ? null : annotation.value();
        return value == null ? "" : value.asString();
    }

    private static String display(ClassInfo c, MethodInfo method) {
        return c.name() + "#" + method.name();
    }

    private static String signature(ClassInfo c, MethodInfo method) {
        StringBuilder sb = new StringBuilder(c.name().toString()).append('#').append(method.name()).append('(');
        for (int i = 0; i < method.parametersCount(); i++) {
            sb.append(method.parameterType(i).name()).append(';');
        }
        return sb.append(')').toString();
    }
}
