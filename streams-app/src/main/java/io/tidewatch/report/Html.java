package io.tidewatch.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Escaping and formatting of everything the report prints. */
final class Html {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Html() {
    }

    /**
     * Text safe in element content and in quoted attributes. Excerpts are user content, so every
     * string goes through here; characters XML 1.0 forbids (controls, lone surrogates) become
     * U+FFFD so the page stays parseable as XHTML too.
     */
    static String esc(final String s) {
        if (s == null) {
            return "";
        }
        final StringBuilder b = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.appendCodePoint(allowedInXml(c) ? c : 0xFFFD);
            }
        });
        return b.toString();
    }

    /** A value for people: four significant digits without trailing zeros, never in the JVM's locale. */
    static String num(final double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        if (v != 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e7)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** A coordinate in SVG user units: two decimals are far below a pixel and keep tests exact. */
    static String px(final double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String time(final Instant t) {
        return UTC.format(t) + " UTC";
    }

    private static boolean allowedInXml(final int c) {
        return c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000;
    }
}
