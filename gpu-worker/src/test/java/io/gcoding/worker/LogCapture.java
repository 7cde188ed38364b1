package io.gcoding.worker;

import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Collects what the worker's classes log, so a test can assert the reason a message was refused and can wait for
 * that line (the worker handles coordinator messages in order, so a logged refusal also shows that every earlier
 * message has been handled).
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.gcoding.worker");
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final BlockingQueue<ILoggingEvent> arrivals = new LinkedBlockingQueue<>();

    LogCapture() {
        start();
        logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
        arrivals.add(event);
    }

    /** Waits until a line at WARN or above containing {@code part} has been logged, and returns it. */
    String await(String part) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ScriptedCoordinator.TIMEOUT_SECONDS);
        while (true) {
            for (ILoggingEvent e : events) {
                if (e.getLevel().isGreaterOrEqual(Level.WARN) && e.getFormattedMessage().contains(part)) {
                    return e.getFormattedMessage();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no WARN/ERROR line containing '" + part + "'; logged: " + warnings());
            }
            arrivals.poll(left, TimeUnit.NANOSECONDS);
        }
    }

    /** Every ERROR line so far. */
    List<String> errors() {
        return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Every WARN/ERROR line so far. */
    List<String> warnings() {
        return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
