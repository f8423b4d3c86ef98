package io.rewind.status.uptime;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

import io.rewind.status.ComponentStatus;

/**
 * One component's history over the page's window, oldest day first: each day's worst status, {@code null} for a day
 * no incident or maintenance touched it. Uptime counts days: the share of the window's days on which no incident put
 * the component in anything worse than maintenance.
 */
public record Uptime(LocalDate from, LocalDate to, List<Day> days) {

    /** One day and the worst status anything gave the component that day; {@code null}: nothing did. */
    public record Day(LocalDate date, ComponentStatus worst) {

        /** Degraded or down because of an incident; planned maintenance does not count against uptime. */
        public boolean troubled() {
            return worst != null && worst != ComponentStatus.OPERATIONAL && worst != ComponentStatus.UNDER_MAINTENANCE;
        }
    }

    public int daysWithIncidents() {
        return (int) days.stream().filter(Day::troubled).count();
    }

    /**
     * The percentage of days without incidents, with two decimals, rounded down so that it never looks better than it
     * was (89 good days of 90 are 98.88, not 98.89). The HTML page and {@code /api/v2/uptime.json} both show this.
     */
    public BigDecimal percentage() {
        return BigDecimal.valueOf(100L * (days.size() - daysWithIncidents()))
                .divide(BigDecimal.valueOf(days.size()), 2, RoundingMode.DOWN);
    }
}
