package io.rewind.status.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.rewind.status.Impact;
import io.rewind.status.Progress;

/** A new update: the status it moves to, its text (or a template and its variables), and component changes. */
public record UpdateDraft(Progress status, String body, UUID templateId, Map<String, String> variables, Impact impact,
        List<ComponentChange> components) {
}
