package io.rewind.executor.action;

/**
 * A step cannot succeed, for a reason an operator can read ("Deployment shop/checkout is paused"). Unlike any other
 * exception, which the worker treats as passing (a network error) and retries until the step's timeout, this fails the
 * step at once.
 */
public class StepFailure extends RuntimeException {

    public StepFailure(String message) {
        super(message, null, false, false);
    }
}
