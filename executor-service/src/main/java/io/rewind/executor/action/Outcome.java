package io.rewind.executor.action;

import java.time.Duration;
import java.util.Map;

/** What one call of {@link StepAction#apply} came to. */
public sealed interface Outcome {

    /** The step has acted (or found its effect already there); {@code after} is the state it left. */
    record Done(Map<String, Object> after, String output) implements Outcome {
    }

    /** Not finished: call again after {@code retryIn}. The step's timeout still runs. */
    record Waiting(String output, Duration retryIn) implements Outcome {
    }

    /** The step failed for good, for {@code reason}. */
    record Failed(String reason) implements Outcome {
    }
}
