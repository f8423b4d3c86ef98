package io.rewind.status;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A part of the product whose status the page shows, optionally under a {@link ComponentGroup}. */
@Entity
@Table(name = "components")
public class Component {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;

    @Column(nullable = false)
    public String name;

    public String description;

    /** Order within the group, or among the page's top-level entries when ungrouped. */
    @Column(nullable = false)
    public Integer position;

    @Convert(converter = ComponentStatusConverter.class)
    @Column(nullable = false)
    public ComponentStatus status;

    @Column(name = "group_id")
    public UUID groupId;

    /** Statuspage: show the component's uptime history on the page. */
    @Column(nullable = false)
    public boolean showcase;

    /** Statuspage: hide the component from the page while it is operational. */
    @Column(name = "only_show_if_degraded", nullable = false)
    public boolean onlyShowIfDegraded;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** When anything a reader sees last changed; a request that changes nothing leaves it alone. */
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
