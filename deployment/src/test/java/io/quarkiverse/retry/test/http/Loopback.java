package io.quarkiverse.retry.test.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/** A real HTTP server on loopback (WireMock), a port nothing listens on, and a capture of the retry log. */
final class Loopback {

    private Loopback() {
    }

    private static final String PORT = "quarkus-retry.test.wiremock.port";

    /**
     * A client of the WireMock server on 127.0.0.1 that this JVM shares: a {@code QuarkusUnitTest} loads the test
     * class twice (by JUnit and by the application's class loader), so the server is started once and both talk to
     * it over its admin API.
     */
    static synchronized WireMock server() {
        String port = System.getProperty(PORT);
        if (port == null) {
            WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
            server.start();
            port = Integer.toString(server.port());
            System.setProperty(PORT, port);
        }
        return new WireMock("127.0.0.1", Integer.parseInt(port));
    }

    /** The base URL of the shared server. */
    static String baseUrl() {
        server();
        return "http://127.0.0.1:" + System.getProperty(PORT);
    }

    /** Forgets every stub, scenario and request of the shared server. */
    static void reset(WireMock server) {
        server.resetMappings();
        server.resetRequests();
        server.resetScenarios();
    }

    /** The requests the server received for {@code path}. */
    static int requests(WireMock server, String method, String path) {
        return server.find(RequestPatternBuilder.newRequestPattern(RequestMethod.fromString(method),
                WireMock.urlEqualTo(path))).size();
    }

    /** {@code http://127.0.0.1:<port>} where nothing listens: connections are refused. */
    static String refusedUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Captures the records of the {@code io.quarkiverse.retry} category while open. */
    static final class RetryLog extends Handler implements AutoCloseable {
        final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
        private final Logger logger = Logger.getLogger("io.quarkiverse.retry");

        RetryLog() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            ExtLogRecord ext = (ExtLogRecord) record;
            ext.copyAll();
            records.add(ext);
        }

        List<String> messages() {
            return records.stream().map(ExtLogRecord::getFormattedMessage).toList();
        }

        long retries(String method) {
            return messages().stream().filter(m -> m.startsWith(method + " failed on attempt") && m.contains("retrying in"))
                    .count();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
