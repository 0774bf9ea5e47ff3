package com.adaudit.admission;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.RuleBits;
import com.adaudit.events.Click;
import com.adaudit.events.Governance;
import com.adaudit.events.Impression;
import com.adaudit.events.InputEvent;
import com.adaudit.events.PageView;
import com.adaudit.events.VendorReport;
import java.io.Serializable;

/**
 * Per stream: the checks that need the governing contract (docs/reference.md: currency, report period
 * alignment) and the {@link Governance} an admitted event carries: its window, when it becomes
 * late and when it is evaluated. {@code contract} is {@code null} for a campaign no contract
 * governs: such events are counted with the defaults' windows, never evaluated.
 */
public interface Governor<E extends InputEvent> extends Serializable {

    /** Why the event is rejected, or {@code null}. */
    String rejection(E event, Contract contract);

    E govern(E event, Contract contract);

    Governor<Impression> IMPRESSIONS = new Governor<>() {
        @Override
        public String rejection(Impression event, Contract contract) {
            return null;
        }

        @Override
        public Impression govern(Impression i, Contract c) {
            long window = windowOf(c);
            long start = Contract.windowStartOf(i.ts(), window);
            return i.governedBy(governance(
                    c, start, start + window, start + window - 1, 0, RuleBits.of(c, false, false, true, false)));
        }
    };

    Governor<Click> CLICKS = new Governor<>() {
        @Override
        public String rejection(Click click, Contract c) {
            return currencyMismatch(click.currency(), c);
        }

        @Override
        public Click govern(Click click, Contract c) {
            long window = windowOf(c);
            long start = Contract.windowStartOf(click.ts(), window);
            long end = start + window;
            long sessionDecidedAt = end + timeoutOf(c) - 1;
            return click.governedBy(
                    governance(c, start, end, end - 1, sessionDecidedAt, RuleBits.of(c, true, true, false, true)));
        }
    };

    /**
     * A pageview can belong to a click up to one session timeout earlier; it is late once the
     * earliest window such a click can be in has its bounce result final. {@code dueAt} is when
     * the latest such window is final: a pageview whose click has not come by then never will.
     */
    Governor<PageView> PAGEVIEWS = new Governor<>() {
        @Override
        public String rejection(PageView event, Contract contract) {
            return null;
        }

        @Override
        public PageView govern(PageView p, Contract c) {
            long window = windowOf(c);
            long timeout = timeoutOf(c);
            long start = Contract.windowStartOf(p.ts(), window);
            long earliestClickWindow = Contract.windowStartOf(p.ts() - timeout, window);
            return p.governedBy(governance(
                    c,
                    start,
                    start + window,
                    earliestClickWindow + window + timeout - 1,
                    start + window + timeout - 1,
                    RuleBits.of(c, false, true, false, false)));
        }
    };

    /**
     * A report is evaluated once the watermark passes its period end (or its own {@code ts},
     * when later); it is late when its evaluation time has already passed, or when its {@code ts}
     * is more than the report grace after the period end: then {@code lateAt} is the end of the
     * grace, which its {@code ts} is past.
     */
    static Governor<VendorReport> vendorReports(long maxReportPeriodMillis) {
        return new Governor<>() {
            @Override
            public String rejection(VendorReport r, Contract c) {
                if (r.periodEnd() - r.periodStart() > maxReportPeriodMillis) {
                    return "period_too_long: the period spans more than the longest report period measured ("
                            + java.time.Duration.ofMillis(maxReportPeriodMillis) + ", setting max-report-period)";
                }
                String currency = currencyMismatch(r.currency(), c);
                if (currency != null || c == null) {
                    return currency;
                }
                if (Math.floorMod(r.periodStart(), c.windowMillis()) != 0
                        || Math.floorMod(r.periodEnd(), c.windowMillis()) != 0) {
                    return "period_not_aligned: [" + r.periodStart() + ", " + r.periodEnd()
                            + ") does not cover whole windows of contract " + c.contractId() + " ("
                            + java.time.Duration.ofMillis(c.windowMillis()) + ")";
                }
                return null;
            }

            @Override
            public VendorReport govern(VendorReport r, Contract c) {
                long grace = c == null ? Contract.DEFAULT_REPORT_GRACE_MILLIS : c.reportGraceMillis();
                long evaluateAt = Math.max(r.periodEnd() - 1, r.ts());
                boolean beyondGrace = r.ts() > r.periodEnd() + grace;
                return r.governedBy(governance(
                        c,
                        r.periodStart(),
                        r.periodEnd(),
                        beyondGrace ? r.periodEnd() + grace : evaluateAt,
                        evaluateAt,
                        RuleBits.of(c, false, false, true, false)));
            }
        };
    }

    private static Governance governance(
            Contract c, long windowStart, long windowEnd, long lateAt, long dueAt, int rules) {
        return new Governance(
                c == null ? null : c.contractId(),
                c == null ? 0 : c.version(),
                windowStart,
                windowEnd,
                lateAt,
                dueAt,
                rules);
    }

    private static long windowOf(Contract c) {
        return c == null ? Contract.DEFAULT_WINDOW_MILLIS : c.windowMillis();
    }

    private static long timeoutOf(Contract c) {
        return c == null ? Contract.DEFAULT_SESSION_TIMEOUT_MILLIS : c.sessionTimeoutMillis();
    }

    private static String currencyMismatch(String currency, Contract c) {
        if (c == null || c.currency().equals(currency)) {
            return null;
        }
        return "currency_mismatch: " + currency + ", but contract " + c.contractId() + " is in " + c.currency();
    }
}
