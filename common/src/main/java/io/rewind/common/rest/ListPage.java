package io.rewind.common.rest;

import java.util.List;

import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;

import io.rewind.common.problem.QueryParams;

/**
 * One page of a list endpoint: {@code ?limit} (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) items
 * from {@code ?offset} (default 0, at most {@value #MAX_OFFSET}), newest first. Every list endpoint of every service
 * pages so, and a full page carries {@code Link: <…?offset=…>; rel="next"}, the way GitHub's API does, so a client
 * never receives an unbounded list and never has to guess whether there is more.
 */
public record ListPage(int limit, int offset) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    public static final int MAX_OFFSET = 100_000;

    /** The page asked for, or a 400 naming {@code limit} or {@code offset}. */
    public static ListPage of(String limit, String offset) {
        return new ListPage(QueryParams.intValue("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
                QueryParams.intValue("offset", offset, 0, 0, MAX_OFFSET));
    }

    /** The first page of {@code limit} items. */
    public static ListPage of(String limit) {
        return of(limit, null);
    }

    /** The items of this page from a list already in order (for lists held in memory). */
    public <T> List<T> slice(List<T> all) {
        if (offset >= all.size()) {
            return List.of();
        }
        return all.subList(offset, Math.min(all.size(), offset + limit));
    }

    /**
     * A 200 with the page's items (typed, so the OpenAPI document keeps the item schema) and, when the page is full and more may follow, a {@code Link} header to the next
     * page with the request's other query parameters kept.
     */
    public <T> RestResponse<List<T>> respond(List<T> items, UriInfo uri) {
        RestResponse.ResponseBuilder<List<T>> response = RestResponse.ResponseBuilder.ok(items);
        if (items.size() >= limit && (long) offset + limit <= MAX_OFFSET) {
            String next = uri.getRequestUriBuilder().replaceQueryParam("offset", offset + limit)
                    .replaceQueryParam("limit", limit).build().toString();
            response.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return response.build();
    }
}
