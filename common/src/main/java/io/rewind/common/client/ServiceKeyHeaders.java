package io.rewind.common.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import java.util.Optional;

/**
 * Adds this service's own API key (role {@code service}) to every call to another Rewind service. Register it on a
 * REST client with {@code @RegisterClientHeaders(ServiceKeyHeaders.class)}.
 */
@ApplicationScoped
public class ServiceKeyHeaders implements ClientHeadersFactory {

    private final Optional<String> serviceKey;

    public ServiceKeyHeaders(@ConfigProperty(name = "rewind.service-key") Optional<String> serviceKey) {
        this.serviceKey = serviceKey;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        serviceKey.ifPresent(key -> headers.putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + key));
        return headers;
    }
}
