package io.rewind.status.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import io.rewind.status.repository.ComponentGroupRepository;
import io.rewind.status.repository.ComponentRepository;

/** Reads what the public page shows. */
@ApplicationScoped
public class StatusPageService {

    private final ComponentRepository components;
    private final ComponentGroupRepository groups;

    public StatusPageService(ComponentRepository components, ComponentGroupRepository groups) {
        this.components = components;
        this.groups = groups;
    }

    /**
     * Components before groups: a group cannot be deleted while it holds components, so every group a component
     * names is still there when the groups are read.
     */
    @WithSession
    public Uni<PageContent> content() {
        return components.listInPageOrder()
                .chain(all -> groups.listInPageOrder().map(list -> new PageContent(list, all)));
    }
}
