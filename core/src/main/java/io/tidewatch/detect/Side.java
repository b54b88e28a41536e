package io.tidewatch.detect;

/** Which way a concept stream is watched: for more of the concept, or (optionally) for less. */
public enum Side {
    UPPER(1.0, ""),
    LOWER(-1.0, "-lower");

    private final double sign;
    private final String suffix;

    Side(final double sign, final String suffix) {
        this.sign = sign;
        this.suffix = suffix;
    }

    /** The standardised statistic as this side sees it: larger means more evidence. */
    public double orient(final double z) {
        return sign * z;
    }

    /** The detector name on alerts: e.g. cusum, cusum-lower. */
    public String detector(final String base) {
        return base + suffix;
    }
}
