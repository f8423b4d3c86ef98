package io.rewind.status.service;

import java.util.List;

import io.rewind.status.Incident;
import io.rewind.status.IncidentUpdate;

/** An incident with its updates, newest first. */
public record IncidentDetail(Incident incident, List<IncidentUpdate> updates) {
}
