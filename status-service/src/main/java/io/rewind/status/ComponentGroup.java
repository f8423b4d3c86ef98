package io.rewind.status;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A heading over related components. It has no status of its own: readers see its worst member's
 * ({@link ComponentStatus#worst}).
 */
@Entity
@Table(name = "component_groups")
public class ComponentGroup {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;

    @Column(nullable = false)
    public String name;

    public String description;

    /** Order among the page's top-level entries, which it shares with ungrouped components. */
    @Column(nullable = false)
    public Integer position;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
