package io.rewind.executor.client;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * REST clients of one API, one per base URL a target names, built on first use. None follows a redirect: a credential
 * sent to a target goes to the URL an admin configured and nowhere else, and a redirect is reported as the answer.
 */
final class TargetRestClients<T> {

    private final Class<T> api;
    private final Map<String, T> byUrl = new ConcurrentHashMap<>();

    TargetRestClients(Class<T> api) {
        this.api = api;
    }

    T at(String baseUrl) {
        return byUrl.computeIfAbsent(baseUrl, base -> QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(base))
                .followRedirects(false).connectTimeout(5, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS)
                .build(api));
    }
}
