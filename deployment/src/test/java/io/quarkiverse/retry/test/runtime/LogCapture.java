package io.quarkiverse.retry.test.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** Captures the records of the {@code io.quarkiverse.retry} category while open. */
public final class LogCapture extends Handler implements AutoCloseable {

    public final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("io.quarkiverse.retry");

    public LogCapture() {
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        // snapshot the MDC as a (possibly asynchronous) handler or formatter would see it while logging
        ((ExtLogRecord) record).copyAll();
        records.add(record);
    }

    /** The formatted messages captured so far. */
    public List<String> messages() {
        return records.stream().map(r -> ((ExtLogRecord) r).getFormattedMessage()).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
