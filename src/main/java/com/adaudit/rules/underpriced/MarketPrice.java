package com.adaudit.rules.underpriced;

import com.adaudit.contracts.UnderpricedTerms;
import com.adaudit.rules.Fraction;
import java.util.ArrayList;
import java.util.List;

/**
 * The market CPC a source's average is compared with: the contract's {@code market_cpc_micros},
 * or else the median average CPC of the campaign's sources with at least {@code min_clicks}
 * clicks in the window (at least three of them; the mean of the middle two for an even count).
 */
public final class MarketPrice {

    static final int MIN_SOURCES_FOR_MEDIAN = 3;

    private MarketPrice() {}

    /** The market price, or {@code null} when the window's campaign has no market to compare with. */
    public static Fraction of(UnderpricedTerms terms, List<ClickTally> campaignWindow) {
        if (terms.marketCpcMicros() != null) {
            return Fraction.of(terms.marketCpcMicros(), 1);
        }
        List<Fraction> averages = new ArrayList<>();
        for (ClickTally t : campaignWindow) {
            if (t.clicks() >= terms.minClicks()) {
                averages.add(Fraction.of(t.spendMicros(), t.clicks()));
            }
        }
        if (averages.size() < MIN_SOURCES_FOR_MEDIAN) {
            return null;
        }
        averages.sort(null);
        int mid = averages.size() / 2;
        return averages.size() % 2 == 1
                ? averages.get(mid)
                : averages.get(mid - 1).plus(averages.get(mid)).half();
    }
}
