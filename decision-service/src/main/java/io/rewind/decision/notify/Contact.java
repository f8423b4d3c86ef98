package io.rewind.decision.notify;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One row of seed 004's Emergency Contacts: who, at which escalation order, reached how on each kind of channel, and how
 * long an unanswered approval waits at this order before the next one is told.
 *
 * @param order 1 for the first told (the on-call engineer); several contacts may share an order
 * @param email addresses e-mail channels without a fixed {@code to} list write to
 * @param slack a Slack member id ({@code U024BE7LH}) that Slack messages mention
 * @param phone for people reading the policy; Rewind does not call
 * @param waitBeforeNext how long an overdue approval stays at this order before escalating to the next (default 10 min)
 */
public record Contact(String role, String name, Integer order, List<String> email, String slack, String phone,
        Duration waitBeforeNext) {

    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);
    public static final int MAX_CONTACTS = 50;
    private static final Pattern SLACK_ID = Pattern.compile("[UW][A-Z0-9]{2,20}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{3,30}");

    public Duration waitOrDefault() {
        return waitBeforeNext == null ? DEFAULT_WAIT : waitBeforeNext;
    }

    /** "Ada Lovelace (On-call Engineer)". */
    public String describe() {
        return name + (role == null || role.isBlank() ? "" : " (" + role + ")");
    }

    void check(FieldChecks checks, String prefix) {
        checks.required(prefix + "role", role);
        checks.text(prefix + "role", role);
        checks.required(prefix + "name", name);
        checks.text(prefix + "name", name);
        if (checks.required(prefix + "order", order) && (order < 1 || order > 20)) {
            checks.error(prefix + "order", "must be from 1 (told first) to 20");
        }
        if (email != null) {
            if (email.size() > 10) {
                checks.error(prefix + "email", "must have at most 10 addresses");
            } else {
                for (int i = 0; i < email.size(); i++) {
                    checks.email(prefix + "email[" + i + "]", email.get(i));
                }
            }
        }
        if (slack != null && !SLACK_ID.matcher(slack).matches()) {
            checks.error(prefix + "slack", "must be a Slack member id such as U024BE7LH");
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            checks.error(prefix + "phone", "must be a phone number: digits, spaces, + ( ) . / -");
        }
        if (waitBeforeNext != null && (waitBeforeNext.isNegative() || waitBeforeNext.isZero()
                || waitBeforeNext.compareTo(Duration.ofDays(1)) > 0)) {
            checks.error(prefix + "waitBeforeNext", "must be a positive ISO-8601 duration of at most a day, e.g. PT10M");
        }
    }

    /** Checks a whole on-call list: each contact, and that there is at least one. */
    public static void check(FieldChecks checks, List<Contact> contacts) {
        if (contacts == null || contacts.isEmpty()) {
            checks.error("contacts", "must list at least one contact");
            return;
        }
        if (contacts.size() > MAX_CONTACTS) {
            checks.error("contacts", "must have at most " + MAX_CONTACTS + " contacts");
            return;
        }
        for (int i = 0; i < contacts.size(); i++) {
            if (contacts.get(i) == null) {
                checks.error("contacts[" + i + "]", "must be a contact");
            } else {
                contacts.get(i).check(checks, "contacts[" + i + "].");
            }
        }
    }
}
