package io.rewind.decision.rest;

import io.rewind.common.problem.QueryParams;

/** The {@code limit} query parameter of decision-service's lists (incidents, analyses): how many, newest first. */
final class ListLimit {

    static final int DEFAULT = 50;
    static final int MAX = 500;

    private ListLimit() {
    }

    /** The limit asked for, {@link #DEFAULT} when none, or a 400 naming {@code limit}. */
    static int parse(String limit) {
        return QueryParams.intValue("limit", limit, DEFAULT, 1, MAX);
    }
}
