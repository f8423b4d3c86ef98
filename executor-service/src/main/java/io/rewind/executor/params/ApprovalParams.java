package io.rewind.executor.params;

/** {@code approval}: stops until an approver approves continuing. Params: optional {@code message}, shown to the approver. Takes no target. */
public record ApprovalParams(String message) implements StepParams {

    public static ApprovalParams read(ParamReader p) {
        return new ApprovalParams(p.text("message", false));
    }
}
