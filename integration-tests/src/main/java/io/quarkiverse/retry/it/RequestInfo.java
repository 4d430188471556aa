package io.quarkiverse.retry.it;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

/** One instance per HTTP request: shows that retries after a wait still run in the caller's request scope. */
@RequestScoped
public class RequestInfo {

    private final String id = UUID.randomUUID().toString();

    public String id() {
        return id;
    }
}
