package io.rewind.executor.action;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.rewind.executor.StepKind;

/** Every {@link StepAction} bean, by the kind it runs. A kind without one cannot be part of an execution yet. */
@ApplicationScoped
public class StepActions {

    private final Map<StepKind, StepAction> byKind = new EnumMap<>(StepKind.class);

    public StepActions(Instance<StepAction> actions) {
        for (StepAction action : actions) {
            StepAction previous = byKind.put(action.kind(), action);
            if (previous != null) {
                throw new IllegalStateException("two step actions for " + action.kind());
            }
        }
    }

    public StepAction get(StepKind kind) {
        StepAction action = byKind.get(kind);
        if (action == null) {
            throw new StepFailure("this executor cannot run " + kind.id() + " steps yet");
        }
        return action;
    }

    /** A step's state as it may be shown to readers of the execution ({@link StepAction#shown}); null stays null. */
    public Map<String, Object> shown(StepKind kind, Map<String, Object> state) {
        StepAction action = byKind.get(kind);
        return state == null || action == null ? state : action.shown(state);
    }

    public boolean supports(StepKind kind) {
        return byKind.containsKey(kind);
    }

    public Set<StepKind> supported() {
        return byKind.keySet();
    }
}
