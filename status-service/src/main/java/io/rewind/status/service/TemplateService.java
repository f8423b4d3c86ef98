package io.rewind.status.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.persistence.Constraints;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.status.TemplateText;
import io.rewind.status.UpdateTemplate;
import io.rewind.status.repository.UpdateTemplateRepository;

/** Update templates: the runbooks' initial, progress and resolution texts are seeded; admins add their own. */
@ApplicationScoped
public class TemplateService {

    private final UpdateTemplateRepository templates;

    public TemplateService(UpdateTemplateRepository templates) {
        this.templates = templates;
    }

    @WithSession
    public Uni<List<UpdateTemplate>> list(ListPage page) {
        return templates.listByName(page);
    }

    @WithSession
    public Uni<UpdateTemplate> get(UUID id) {
        return find(id);
    }

    @WithTransaction
    public Uni<UpdateTemplate> create(UpdateTemplate draft) {
        draft.createdAt = IncidentService.now();
        draft.updatedAt = draft.createdAt;
        return templates.persistAndFlush(draft).onFailure(Constraints::isUniqueViolation).transform(e -> duplicate(draft.name));
    }

    @WithTransaction
    public Uni<UpdateTemplate> replace(UUID id, UpdateTemplate with) {
        return find(id).chain(template -> {
            template.name = with.name;
            template.status = with.status;
            template.body = with.body;
            template.updatedAt = IncidentService.now();
            return templates.flush().replaceWith(template);
        }).onFailure(Constraints::isUniqueViolation).transform(e -> duplicate(with.name));
    }

    @WithTransaction
    public Uni<Void> delete(UUID id) {
        return templates.deleteById(id).chain(deleted -> deleted ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ProblemException.notFound("Template", id)));
    }

    /** The template's text with its placeholders filled; a missing variable is a 400 naming it. */
    @WithSession
    public Uni<String> render(UUID id, Map<String, String> variables) {
        return find(id).map(template -> {
            try {
                return TemplateText.render(template.body, variables == null ? Map.of() : variables);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("variables", e.getMessage());
            }
        });
    }

    private Uni<UpdateTemplate> find(UUID id) {
        return templates.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Template", id));
    }

    private static ProblemException duplicate(String name) {
        return ProblemException.conflict("A template named '" + name + "' already exists; names are unique regardless of case.");
    }
}
