package io.quarkiverse.retry.test.runtime;

public class TransientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TransientException(String message) {
        super(message);
    }
}
