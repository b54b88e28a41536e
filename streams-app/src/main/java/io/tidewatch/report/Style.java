package io.tidewatch.report;

/** The page's inline CSS and legend: system fonts only, so the file renders the same offline. */
final class Style {

    static final String CSS = """
            body{margin:0;background:#f6f7f9;color:#1d2330;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
            main{max-width:1180px;margin:0 auto;padding:20px}
            h1{font-size:22px;margin:0 0 12px}h2{font-size:18px;margin:0 0 10px}h3{font-size:15px;margin:0 0 6px}
            h4{font-size:13px;margin:12px 0 4px;color:#4a5366}
            section,article{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:12px 16px;margin:12px 0}
            section.segment{padding-bottom:4px}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dt{color:#4a5366}dd{margin:0}
            .empty{color:#6b7385;font-style:italic}
            .legend{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:12px;color:#4a5366}
            .key{display:inline-block;width:22px;height:10px;margin-right:6px;vertical-align:middle}
            figure{margin:10px 0 16px}figcaption{margin-bottom:2px}
            svg.chart{display:block;max-width:100%;height:auto;font-size:11px}
            .grid{stroke:#e7eaf0}.axis{stroke:#9aa2b1}
            .tick{fill:#4a5366}.tick.y{text-anchor:end;dominant-baseline:middle}.tick.x{text-anchor:middle}
            .axis-label{fill:#4a5366;text-anchor:middle}.empty{fill:#6b7385;text-anchor:middle}
            polyline,circle{fill:none;stroke-width:1.6}circle{fill:currentColor}
            .mean{stroke:#1f5fbf;color:#1f5fbf}.judged{stroke:#00897b;color:#00897b}.reference{stroke:#56627a;stroke-dasharray:4 3;stroke-width:1}
            .band{fill:#1f5fbf;fill-opacity:.13;stroke:none}
            .cusum{stroke:#c0611a;color:#c0611a}.threshold{stroke:#c62828;stroke-dasharray:6 3;stroke-width:1.2}
            .span.alert{fill:#e53935;fill-opacity:.16}.span.evidence{fill:#e53935;fill-opacity:.06}
            .span.shift{fill:#7b1fa2;fill-opacity:.12}.span.calibrating{fill:#8a94a6;fill-opacity:.16}
            .span-label{font-size:10px}.span-label.alert{fill:#b71c1c}.span-label.shift{fill:#6a1b9a}
            .span-label.calibrating{fill:#4a5366}
            .key.mean{border-top:2px solid #1f5fbf;height:0}.key.judged{border-top:2px solid #00897b;height:0}.key.reference{border-top:1px dashed #56627a;height:0}
            .key.cusum{border-top:2px solid #c0611a;height:0}.key.threshold{border-top:2px dashed #c62828;height:0}
            .key.band{background:rgba(31,95,191,.13)}.key.alert{background:rgba(229,57,53,.16)}
            .key.evidence{background:rgba(229,57,53,.06);outline:1px solid rgba(229,57,53,.2)}
            .key.shift{background:rgba(123,31,162,.12)}.key.calibrating{background:rgba(138,148,166,.16)}
            .note{font-size:12px;color:#4a5366;margin:6px 0 0}
            table{border-collapse:collapse;width:100%;font-size:12px}
            th,td{border-bottom:1px solid #e7eaf0;padding:4px 6px;text-align:left;vertical-align:top}
            th{color:#4a5366;font-weight:600}
            .facts,.meta{color:#4a5366;font-size:12px}
            .bar-row{display:grid;grid-template-columns:220px 360px 70px;gap:8px;align-items:center;font-size:12px}
            .bar{position:relative;height:10px;background:#eef0f4;border-left:1px solid #eef0f4}
            .bar::after{content:"";position:absolute;left:50%;top:-2px;bottom:-2px;border-left:1px solid #9aa2b1}
            .fill{position:absolute;top:0;bottom:0}.fill.pos{background:#7b1fa2}.fill.neg{background:#9aa2b1}
            ol.exemplars{padding-left:22px}ol.exemplars li{margin:6px 0}
            mark{background:#fff1a8;padding:0 1px}
            blockquote{margin:2px 0 0;padding:4px 8px;border-left:3px solid #d1c4e9;background:#faf8fd;
            white-space:pre-wrap;overflow-wrap:anywhere}
            article.incident{background:#fdecea;border-left:5px solid #c62828}
            article.incident.low,article.incident.info{background:#fff6e5;border-left-color:#ef6c00}
            .severity{font-weight:700;text-transform:uppercase;margin-right:6px}
            details.quiet>summary{cursor:pointer;font-weight:600;margin:6px 0}
            """;

    static final String LEGEND = "<section id=\"legend\"><div class=\"legend\">"
            + key("mean", "bucket mean score") + key("judged", "prompt-adjusted mean (where the reference has a prompt line)")
            + key("reference", "reference mean")
            + key("band", "reference ± 2 standard errors") + key("cusum", "CUSUM ÷ its threshold")
            + key("threshold", "the threshold (1)") + key("alert", "alert open (OPEN to RESOLVED)")
            + key("evidence", "evidence before the alert opened") + key("shift", "segment-wide unexplained shift")
            + key("calibrating", "reference calibrating")
            + "</div><p class=\"note\">Times are UTC; each point is a bucket, drawn at its middle. The band is the "
            + "standard error the detector judged each bucket by, √(σ²/n + τ²), recovered from the bucket's "
            + "standardised statistic z; where z is 0 the between-bucket variance τ² is unknown and the band "
            + "falls back to σ/√n (an approximate, narrower band). Where the reference has a prompt line, the detector "
            + "judges the prompt-adjusted mean (each reply's score less what its prompt predicts), drawn beside the "
            + "bucket mean: the band is for it, and a bucket mean outside the band with the adjusted mean inside is a "
            + "move of the users, not of the model. The CUSUM panel plots the bank's leading member (the one nearest or "
            + "furthest past its own threshold) as a fraction of that threshold: the alert opens at 1, whichever member leads. "
            + "Hover a shaded span for its alert.</p></section>";

    private Style() {
    }

    private static String key(final String css, final String text) {
        return "<span><span class=\"key " + css + "\"></span>" + text + "</span>";
    }
}
