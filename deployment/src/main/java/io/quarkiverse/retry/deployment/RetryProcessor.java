package io.quarkiverse.retry.deployment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.jandex.AnnotationTransformation;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.IndexView;

import io.quarkiverse.retry.WithRetry;
import io.quarkiverse.retry.runtime.CircuitBreakersImpl;
import io.quarkiverse.retry.runtime.RetriesImpl;
import io.quarkiverse.retry.runtime.RetryInterceptor;
import io.quarkiverse.retry.runtime.RetryMethodMetadata;
import io.quarkiverse.retry.runtime.RetryRecorder;
import io.quarkiverse.retry.runtime.RetryRegistry;
import io.quarkiverse.retry.runtime.config.Defaults;
import io.quarkiverse.retry.runtime.core.HttpResponses;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.http.HttpRecorder;
import io.quarkiverse.retry.runtime.http.SpentRetriesFilter;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.AnnotationsTransformerBuildItem;
import io.quarkus.arc.deployment.BeanArchiveIndexBuildItem;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.arc.processor.AnnotationStore;
import io.quarkus.arc.processor.BeanInfo;
import io.quarkus.arc.processor.BuildExtension;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.AdditionalIndexedClassesBuildItem;
import io.quarkus.deployment.builditem.ExecutorBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.ShutdownContextBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.vertx.core.deployment.CoreVertxBuildItem;

/**
 * Build steps of the retry extension: registers the beans, discovers every method ArC intercepts with
 * {@code @WithRetry} and refuses the ones that cannot be retried (all problems at once), and records their metadata
 * into the registry that the interceptor reads.
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
        beans.produce(AdditionalBeanBuildItem.builder().setUnremovable()
                .addBeanClasses(RetryInterceptor.class, RetryRegistry.class, CircuitBreakersImpl.class, RetriesImpl.class)
                .build());
    }

    /**
     * Beans with {@code @WithRetry} stay in the container even when nothing injects them, so that their methods are
     * discovered and validated like every other.
     */
    @BuildStep
    UnremovableBeanBuildItem keepRetriedBeans(BeanArchiveIndexBuildItem beanArchive) {
        IndexView index = beanArchive.getIndex();
        return new UnremovableBeanBuildItem(bean -> {
            for (ClassInfo c = bean.getImplClazz(); c != null
                    && !c.name().equals(RetryDotNames.OBJECT); c = c.superName() == null ? null
                            : index.getClassByName(c.superName())) {
                if (c.hasAnnotation(RetryDotNames.WITH_RETRY)) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * ArC would reject {@code @WithRetry} on a private method with its own generic message (and silently intercept a
     * static one); remove the binding from private and static methods so that {@link #discover} reports them with the
     * extension's clearer one.
     */
    @BuildStep
    AnnotationsTransformerBuildItem hideUninterceptableMethods() {
        return new AnnotationsTransformerBuildItem(AnnotationTransformation.forMethods()
                .whenMethod(m -> (Modifiers.isPrivate(m.flags()) || Modifiers.isStatic(m.flags()))
                        && m.hasDeclaredAnnotation(RetryDotNames.WITH_RETRY))
                .transform(context -> context.remove(a -> a.name().equals(RetryDotNames.WITH_RETRY))));
    }

    /**
     * Discovers the retried methods from ArC's beans and reports every misplaced {@code @WithRetry} at once (ArC turns
     * the errors into one failed build).
     */
    @BuildStep
    void discover(ValidationPhaseBuildItem validationPhase, BeanArchiveIndexBuildItem beanArchive,
            BuildProducer<ValidationErrorBuildItem> validationErrors, BuildProducer<RetryMethodBuildItem> methods) {
        AnnotationStore annotations = validationPhase.getContext().get(BuildExtension.Key.ANNOTATION_STORE);
        RetryMethodScanner scanner = new RetryMethodScanner(beanArchive.getIndex(), annotations,
                new RetryMethodScanner.BuildTimeSettings() {
                    @Override
                    public int maxAttempts(String policy) {
                        return buildTimeValue(policy, "max-attempts", Integer.class).orElse(Defaults.MAX_ATTEMPTS);
                    }

                    @Override
                    public boolean retryNonIdempotent(String policy) {
                        return buildTimeValue(policy, "retry-non-idempotent", Boolean.class)
                                .orElse(Defaults.RETRY_NON_IDEMPOTENT);
                    }
                });
        List<BeanInfo> beans = new ArrayList<>(validationPhase.getContext().beans().classBeans().collect());
        beans.sort(Comparator.comparing(bean -> bean.getBeanClass().toString()));
        for (BeanInfo bean : beans) {
            scanner.scan(bean);
        }
        scanner.scanUnintercepted();
        for (RetryMethodMetadata metadata : scanner.methods()) {
            methods.produce(new RetryMethodBuildItem(metadata));
        }
        List<RetryDefinitionException> errors = scanner.errors();
        if (!errors.isEmpty()) {
            validationErrors.produce(new ValidationErrorBuildItem(new ArrayList<Throwable>(errors)));
        }
    }

    /** A key of a policy in the build's configuration (named policy, then default policy), for messages only. */
    private static <T> Optional<T> buildTimeValue(String policy, String property, Class<T> type) {
        Config config = ConfigProvider.getConfig();
        Optional<T> value = Optional.empty();
        if (!policy.isEmpty()) {
            value = config.getOptionalValue("quarkus.retry.\"" + policy + "\"." + property, type)
                    .or(() -> config.getOptionalValue("quarkus.retry." + policy + "." + property, type));
        }
        return value.or(() -> config.getOptionalValue("quarkus.retry." + property, type));
    }

    /**
     * Retries across services, the server end: in an application that serves HTTP, the event consumer that marks the
     * error responses of requests during which a retry sequence gave up.
     */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void spentRetries(Capabilities capabilities, RetryRecorder recorder, HttpRecorder http,
            BuildProducer<RetryEventsBuildItem> events) {
        if (capabilities.isPresent(Capability.VERTX_HTTP)) {
            events.produce(new RetryEventsBuildItem(http.spentRetries(responses(recorder, http))));
        }
    }

    /** With Jakarta REST endpoints, the filter that marks their error responses (see {@link #spentRetries}). */
    @BuildStep
    void spentRetriesFilter(Capabilities capabilities, BuildProducer<AdditionalIndexedClassesBuildItem> indexed) {
        if (capabilities.isPresent(Capability.REST) || capabilities.isPresent(Capability.RESTEASY)) {
            indexed.produce(new AdditionalIndexedClassesBuildItem(SpentRetriesFilter.class.getName()));
        }
    }

    /** The reader of HTTP responses: recorded only when the application has Jakarta REST types. */
    private static RuntimeValue<HttpResponses> responses(RetryRecorder recorder, HttpRecorder http) {
        return QuarkusClassLoader.isClassPresentAtRuntime(RetryDotNames.WEB_APPLICATION_EXCEPTION)
                ? http.jaxRsResponses()
                : recorder.noHttpResponses();
    }

    /** Classifier beans are looked up at startup, not injected: keep them. */
    @BuildStep
    UnremovableBeanBuildItem keepFailureClassifiers() {
        return UnremovableBeanBuildItem.beanTypes(RetryDotNames.FAILURE_CLASSIFIER);
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void registry(RetryRecorder recorder, HttpRecorder http, List<RetryMethodBuildItem> methods,
            List<RetryEventsBuildItem> integrations, BeanContainerBuildItem beanContainer,
            ShutdownContextBuildItem shutdown, CoreVertxBuildItem vertx, ExecutorBuildItem executor) {
        // vertx and executor: Vert.x and the worker pool are set up (and their shutdown tasks registered) first, so
        // that the retries' shutdown task, which ends every pending wait, runs before they close
        List<RetryMethodMetadata> metadata = new ArrayList<>(methods.size());
        for (RetryMethodBuildItem method : methods) {
            metadata.add(method.getMetadata());
        }
        // the reader of HTTP responses refers to Jakarta REST types: recorded only when the application has them
        RuntimeValue<HttpResponses> responses = responses(recorder, http);
        List<RuntimeValue<RetryEvents>> events = new ArrayList<>();
        for (RetryEventsBuildItem integration : integrations) {
            events.add(integration.getEvents());
        }
        recorder.initRegistry(beanContainer.getValue(), metadata, shutdown, responses, events);
    }

    /**
     * {@code retry-on}, {@code abort-on}, {@code circuit-breaker.fail-on} and {@code circuit-breaker.skip-on} name
     * exception classes that are loaded by name at startup: register them so that {@code Class.forName} finds them in
     * a native executable too.
     */
    @BuildStep
    void registerExceptionTypes(BuildProducer<ReflectiveClassBuildItem> reflective) {
        Config config = ConfigProvider.getConfig();
        Set<String> classNames = new TreeSet<>();
        classNames.add(Exception.class.getName());
        if (QuarkusClassLoader.isClassPresentAtRuntime(RetryDotNames.WEB_APPLICATION_EXCEPTION)) {
            // loaded by name at startup to tell the HTTP exception types among retry-on entries
            classNames.add(RetryDotNames.WEB_APPLICATION_EXCEPTION);
        }
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

    /**
     * {@code retry-on-result} names a class that is looked up as a bean, or instantiated with its no-argument
     * constructor, at startup: keep such beans although nothing injects them, and register the classes (with their
     * constructors) for a native executable.
     */
    @BuildStep
    void registerResultPredicates(BuildProducer<ReflectiveClassBuildItem> reflective,
            BuildProducer<UnremovableBeanBuildItem> unremovable) {
        Set<String> classNames = resultPredicateClasses();
        if (classNames.isEmpty()) {
            return;
        }
        reflective.produce(ReflectiveClassBuildItem.builder(classNames.toArray(new String[0])).constructors()
                .reason(getClass().getName()).build());
        unremovable.produce(UnremovableBeanBuildItem.beanClassNames(classNames));
    }

    /** The classes the build's configuration names in {@code retry-on-result} keys. */
    static Set<String> resultPredicateClasses() {
        Config config = ConfigProvider.getConfig();
        Set<String> classNames = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("quarkus.retry.") && name.endsWith(".retry-on-result")) {
                config.getOptionalValue(name, String.class).map(String::trim).filter(v -> !v.isEmpty())
                        .ifPresent(classNames::add);
            }
        }
        return classNames;
    }

    private static boolean isExceptionList(String propertyName) {
        String stripped = propertyName.replaceAll("\\[\\d+]$", "");
        return stripped.endsWith(".retry-on") || stripped.endsWith(".abort-on")
                || stripped.endsWith(".circuit-breaker.fail-on") || stripped.endsWith(".circuit-breaker.skip-on");
    }
}
