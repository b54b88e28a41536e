package io.tidewatch.describe;

/**
 * One term's use in a focus set of texts against a background set, as {@link FightinWords} ranks
 * it: what an operator reads to see what a shift is about, with the numbers behind the ranking.
 *
 * @param term            the word or phrase
 * @param focusCount      number of focus texts that use it
 * @param backgroundCount number of background texts that use it
 * @param logOddsRatio    the prior-smoothed log-odds ratio of the term, focus over background
 * @param z               the log-odds ratio over its estimated standard deviation
 */
public record TermContrast(String term, long focusCount, long backgroundCount, double logOddsRatio, double z) {
}
