package io.rewind.decision.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.decision.NotificationChannel;

@ApplicationScoped
public class NotificationChannelRepository implements PanacheRepositoryBase<NotificationChannel, String> {

    public Uni<List<NotificationChannel>> page(ListPage page) {
        return findAll(Sort.ascending("name")).range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    public Uni<List<NotificationChannel>> enabled() {
        return list("enabled", Sort.ascending("name"), true);
    }
}
