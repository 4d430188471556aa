package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Inject;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/**
 * With quarkus-logging-json, the retry fields are key-value fields of the JSON records (under "mdc").
 */
class JsonLoggingTest {

    static final Path LOG = Path.of("target", "json-logging-test.log");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(FlakyService.class, TransientException.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=1ms
                            quarkus.retry.jitter=none
                            quarkus.log.file.enabled=true
                            quarkus.log.file.path=target/json-logging-test.log
                            quarkus.log.file.json.enabled=true
                            """), "application.properties"))
            .setBeforeAllCustomizer(() -> {
                try {
                    Files.deleteIfExists(LOG);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

    @Inject
    FlakyService service;

    @Test
    void retryFieldsAreJsonFields() throws Exception {
        service.reset(5);
        assertThatThrownBy(service::sync).isInstanceOf(TransientException.class);
        List<String> lines = Files.readAllLines(LOG, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("\"loggerName\":\"io.quarkiverse.retry\"")).toList();
        assertThat(lines).hasSize(3);
        String warn = lines.get(0);
        assertThat(warn).contains("\"level\":\"WARN\"", "\"mdc\":{",
                "\"retry.method\":\"" + FlakyService.class.getName() + "#sync\"",
                "\"retry.attempt\":\"1\"", "\"retry.max-attempts\":\"3\"", "\"retry.delay-ms\":\"1\"",
                "\"retry.error-type\":\"" + TransientException.class.getName() + "\"");
        String error = lines.get(2);
        assertThat(error).contains("\"level\":\"ERROR\"", "\"retry.attempt\":\"3\"", "\"exception\"");
    }
}
