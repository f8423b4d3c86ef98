package io.rewind.executor.params;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * {@code wait}: pauses the plan, for example to let caches drain or metrics settle. Params: {@code duration} (an ISO-8601
 * duration, at most PT24H). Its default timeout is the duration plus a minute. Takes no target.
 */
public record WaitParams(Duration duration) implements StepParams {

    public static final Duration MAX = Duration.ofHours(24);

    public static WaitParams read(ParamReader p) {
        String text = p.string("duration", true, false);
        Duration duration = null;
        if (text != null) {
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                p.error("duration", "must be an ISO-8601 duration (e.g. PT30S)" + ParamReader.echo(text));
            }
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                p.error("duration", "must be positive");
                duration = null;
            } else if (duration != null && duration.compareTo(MAX) > 0) {
                p.error("duration", "must be at most " + MAX);
                duration = null;
            }
        }
        return new WaitParams(duration);
    }
}
