package com.adaudit.events;

/**
 * What admission learned about an event from the contract governing its campaign.
 *
 * @param contractId      governing contract, {@code null} when no contract governs the campaign
 * @param contractVersion version in force at admission (0 when ungoverned)
 * @param windowStart     start of the contract window holding the event's {@code ts} (for a vendor
 *                        report: its period start)
 * @param windowEnd       end (exclusive) of that window (for a vendor report: its period end)
 * @param lateAt          the event is late once the watermark reaches this instant: the result it
 *                        feeds is final then; an event whose own {@code ts} is past it (a vendor
 *                        report after its grace) is late whatever the watermark
 * @param dueAt           when the event's own evaluation is due: a click's session is decided, a
 *                        vendor report is evaluated; 0 for impressions and pageviews
 * @param rules           bit set of the rules of the contract that use the event
 *                        ({@code 1 << Rule.ordinal()}); 0 when none does
 */
public record Governance(
        String contractId, long contractVersion, long windowStart, long windowEnd, long lateAt, long dueAt, int rules) {

    /** Late at admission: its result is final, or its own {@code ts} is past its deadline. */
    public boolean isLate(long ts, long watermark) {
        return ts > lateAt || watermark >= lateAt;
    }

    public boolean feeds(int ruleBit) {
        return (rules & ruleBit) != 0;
    }
}
