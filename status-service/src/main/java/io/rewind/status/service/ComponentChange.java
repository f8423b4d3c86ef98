package io.rewind.status.service;

import java.util.UUID;

import io.rewind.status.ComponentStatus;

/** A component an incident names, with the status the incident puts it in. */
public record ComponentChange(UUID id, ComponentStatus status) {
}
