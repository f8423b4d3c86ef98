package io.rewind.decision.rest;

import java.util.List;

import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;

import io.rewind.common.rest.ListPage;

/**
 * For a response that is one object holding a paged list (a timeline's entries, an analysis' measurements): the
 * object, with the {@code Link rel=next} that {@link ListPage#respond} would give the list alone.
 */
final class PageLinks {

    private PageLinks() {
    }

    static <T> RestResponse<T> withNextLink(T body, ListPage page, List<?> items, UriInfo uri) {
        String link = page.respond(items, uri).getHeaderString("Link");
        RestResponse.ResponseBuilder<T> response = RestResponse.ResponseBuilder.ok(body);
        if (link != null) {
            response.header("Link", link);
        }
        return response.build();
    }
}
