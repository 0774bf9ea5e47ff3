package com.adaudit.contracts;

/** Bits of {@link com.adaudit.events.Governance#rules()}: which enforced rules an event feeds. */
public final class RuleBits {

    public static final int UNDERPRICED = 1 << Rule.UNDERPRICED_SOURCE.ordinal();
    public static final int BOUNCE = 1 << Rule.HIGH_BOUNCE_RATE.ordinal();
    public static final int GAP = 1 << Rule.IMPRESSION_GAP.ordinal();
    public static final int IVT = 1 << Rule.INVALID_TRAFFIC.ordinal();

    private RuleBits() {}

    /** The rules among those named that the contract enforces; 0 without a contract. */
    public static int of(Contract c, boolean underpriced, boolean bounce, boolean gap, boolean ivt) {
        if (c == null) {
            return 0;
        }
        return (underpriced && c.underpriced() != null ? UNDERPRICED : 0)
                | (bounce && c.bounce() != null ? BOUNCE : 0)
                | (gap && c.gap() != null ? GAP : 0)
                | (ivt && c.invalidTraffic() != null ? IVT : 0);
    }
}
