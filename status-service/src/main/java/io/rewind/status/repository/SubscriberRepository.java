package io.rewind.status.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.status.Subscriber;

@ApplicationScoped
public class SubscriberRepository implements PanacheRepositoryBase<Subscriber, UUID> {

    public Uni<List<Subscriber>> listOldestFirst(ListPage page) {
        return findAll(Sort.by("createdAt").and("id")).range(page.offset(), page.offset() + page.limit() - 1).list();
    }
}
