package io.quarkiverse.retry.runtime.core;

import java.util.Map;

/**
 * Whether a failure is a transport failure of an HTTP (or any network) call, and of which kind: recognised by the
 * class names of the failure and of its causes (and their superclasses), whatever wraps them, so that the same
 * refused connection is recognised whether a REST client reports it as a {@code ProcessingException} (plain and
 * {@code CompletionStage} methods) or as the bare Netty exception ({@code Uni} methods).
 *
 * <table>
 * <caption>What is recognised</caption>
 * <tr>
 * <th>kind</th>
 * <th>classes (and subclasses)</th>
 * </tr>
 * <tr>
 * <td>{@link #CONNECT}: nothing reached the server</td>
 * <td>{@code java.net.ConnectException} (a refused
 * connection; Netty's {@code AnnotatedConnectException}), {@code java.net.NoRouteToHostException},
 * {@code java.net.UnknownHostException}, {@code io.netty.channel.ConnectTimeoutException}</td>
 * </tr>
 * <tr>
 * <td>{@link #TIMEOUT}: no answer in time, the request may have reached the server</td>
 * <td>
 * {@code java.net.SocketTimeoutException}, {@code java.net.http.HttpTimeoutException},
 * {@code io.vertx.core.impl.NoStackTraceTimeoutException}, {@code io.netty.handler.timeout.ReadTimeoutException},
 * {@code java.util.concurrent.TimeoutException}</td>
 * </tr>
 * <tr>
 * <td>{@link #CLOSED}: the connection was reset or closed</td>
 * <td>{@code io.vertx.core.http.HttpClosedException},
 * {@code java.nio.channels.ClosedChannelException}, {@code java.net.SocketException} (connection reset, broken pipe),
 * {@code io.netty.channel.unix.Errors$NativeIoException}, {@code java.io.EOFException}</td>
 * </tr>
 * </table>
 */
public enum TransportFailure {

    /** Not a transport failure. */
    NONE,
    /** The connection could not be made: nothing reached the server, so any request may be sent again. */
    CONNECT,
    /** No answer in time: the request may have been processed. */
    TIMEOUT,
    /** The connection was reset or closed during the exchange: the request may have been processed. */
    CLOSED;

    private static final Map<String, TransportFailure> BY_CLASS = Map.ofEntries(
            Map.entry("java.net.ConnectException", CONNECT),
            Map.entry("java.net.NoRouteToHostException", CONNECT),
            Map.entry("java.net.UnknownHostException", CONNECT),
            Map.entry("io.netty.channel.ConnectTimeoutException", CONNECT),
            Map.entry("java.net.SocketTimeoutException", TIMEOUT),
            Map.entry("java.net.http.HttpTimeoutException", TIMEOUT),
            Map.entry("io.vertx.core.impl.NoStackTraceTimeoutException", TIMEOUT),
            Map.entry("io.netty.handler.timeout.ReadTimeoutException", TIMEOUT),
            Map.entry("java.util.concurrent.TimeoutException", TIMEOUT),
            Map.entry("io.vertx.core.http.HttpClosedException", CLOSED),
            Map.entry("java.nio.channels.ClosedChannelException", CLOSED),
            Map.entry("java.net.SocketException", CLOSED),
            Map.entry("io.netty.channel.unix.Errors$NativeIoException", CLOSED),
            Map.entry("java.io.EOFException", CLOSED));

    /** The kind of transport failure {@code failure} is (or wraps), {@link #NONE} if it is none. */
    public static TransportFailure of(Throwable failure) {
        TransportFailure kind = Causes.first(failure, TransportFailure::ofType);
        return kind == null ? NONE : kind;
    }

    /** The kind of the class itself, its most specific recognised superclass deciding. */
    private static TransportFailure ofType(Throwable t) {
        for (Class<?> c = t.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
            TransportFailure kind = BY_CLASS.get(c.getName());
            if (kind != null) {
                return kind;
            }
        }
        return null;
    }
}
