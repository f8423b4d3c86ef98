package io.rewind.status.rest;

import java.util.ArrayList;
import java.util.List;

import io.rewind.status.Component;
import io.rewind.status.config.StatusPageConfig;
import io.rewind.status.service.PageContent;

/** The body of {@code GET /api/v2/components.json}, as Atlassian Statuspage serves it. */
public record V2Components(V2Page page, List<V2Component> components) {

    /** Top to bottom as the page shows them: each group is followed by its members. */
    static V2Components of(StatusPageConfig config, PageContent content) {
        List<V2Component> components = new ArrayList<>();
        for (PageContent.Entry entry : content.entries()) {
            if (entry instanceof PageContent.GroupEntry group) {
                components.add(V2Component.of(group.group(), config.id()));
                for (Component member : group.group().members()) {
                    components.add(V2Component.of(member, config.id()));
                }
            } else if (entry instanceof PageContent.ComponentEntry component) {
                components.add(V2Component.of(component.component(), config.id()));
            }
        }
        return new V2Components(V2Page.of(config, content.updatedAt()), components);
    }
}
