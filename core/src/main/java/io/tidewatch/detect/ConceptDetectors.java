package io.tidewatch.detect;

import io.tidewatch.detect.SegmentState.BucketSums;
import io.tidewatch.detect.SegmentState.ConceptTrack;
import io.tidewatch.detect.SegmentState.CusumRun;
import io.tidewatch.detect.SegmentState.HorizonBlock;
import io.tidewatch.detect.SegmentState.SideTrack;
import io.tidewatch.stats.Moments;
import io.tidewatch.stats.PromptAttribution;
import io.tidewatch.stats.PromptPairs;
import io.tidewatch.stats.Reference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The detectors of one concept stream, run on each closed bucket once the stream has a reference:
 * a bank of CUSUMs tuned for a range of per-reply shifts, a spike detector for single buckets far
 * beyond the reference, and a slow horizon that compares whole blocks of buckets with it. Each
 * runs on the upper side and, if configured, on the lower side.
 */
final class ConceptDetectors {

    private final DetectionSettings settings;

    ConceptDetectors(final DetectionSettings settings) {
        this.settings = settings;
    }

    /** An idle bank for every member of the track's tuning, on every side. */
    void arm(final ConceptTrack track) {
        for (final Side side : settings.sides()) {
            track.side(side).bank = new ArrayList<>(Collections.nCopies(track.tuning.members().size(), CusumRun.idle()));
        }
    }

    /** Judges one closed bucket of the concept against its reference. */
    ConceptBucket detect(final ConceptTrack track, final String concept, final long start, final long end,
                         final BucketSums bucket, final Emitter emitter) {
        final Moments moments = bucket.moments.get(concept);
        final PromptPairs prompts = bucket.prompts(concept);
        final double z = track.reference.standardize(track.reference.judged(moments, prompts));
        for (final Side side : settings.sides()) {
            final SideTrack sideTrack = track.side(side);
            final List<ReplyExemplar> top = bucket.exemplars(concept, side);
            final double oriented = side.orient(z);
            sideTrack.bank = updateBank(track, sideTrack.bank, oriented, start, moments, prompts, top, side);
            if (!sideTrack.bank.isEmpty()) {
                sideTrack.cusum = emitter.step(sideTrack.cusum, cusumFinding(track, concept, side, start, moments, prompts, top), end);
            }
            sideTrack.spike = emitter.step(sideTrack.spike, finding(track, concept, side, SegmentMonitor.SPIKE,
                    oriented, track.tuning.spikeThreshold(), start, moments, prompts, top, Map.of()), end);
        }
        slowHorizon(track, concept, start, end, bucket, emitter);
        final int lead = lead(track, track.upper.bank);
        final boolean hasBank = !track.upper.bank.isEmpty();
        return new ConceptBucket(concept, moments, track.reference, z,
                hasBank ? track.upper.bank.get(lead).statistic() : null,
                hasBank ? track.tuning.members().get(lead).h() : null, prompts);
    }

    private List<CusumRun> updateBank(final ConceptTrack track, final List<CusumRun> bank, final double z, final long start,
                                      final Moments moments, final PromptPairs prompts, final List<ReplyExemplar> top, final Side side) {
        final List<CusumRun> next = new ArrayList<>(bank.size());
        for (int i = 0; i < bank.size(); i++) {
            final CusumRun run = bank.get(i);
            final double statistic = track.tuning.members().get(i).update(run.statistic(), z);
            // The run starts where the statistic leaves zero: the CUSUM's estimate of the change point.
            next.add(statistic == 0.0 ? CusumRun.idle() : run.start() == null
                    ? new CusumRun(statistic, start, moments, top, prompts)
                    : new CusumRun(statistic, run.start(), run.evidence().merge(moments),
                            SegmentState.mergeTop(run.exemplars(), top, settings.exemplars(), order(side)), run.prompts().merge(prompts)));
        }
        return next;
    }

    /** The bank's finding: that of the member closest to (or furthest past) its threshold. */
    private Finding cusumFinding(final ConceptTrack track, final String concept, final Side side, final long start,
                                 final Moments moments, final PromptPairs prompts, final List<ReplyExemplar> top) {
        final List<CusumRun> bank = track.side(side).bank;
        final int lead = lead(track, bank);
        final CusumRun run = bank.get(lead);
        final boolean running = run.start() != null;
        return finding(track, concept, side, SegmentMonitor.CUSUM, run.statistic(),
                track.tuning.members().get(lead).h(), running ? run.start() : start, running ? run.evidence() : moments,
                running ? run.prompts() : prompts, running ? run.exemplars() : top,
                Map.of("shift_sd", Double.toString(track.tuning.shifts().get(lead))));
    }

    private static int lead(final ConceptTrack track, final List<CusumRun> bank) {
        int lead = 0;
        for (int i = 1; i < bank.size(); i++) {
            if (bank.get(i).statistic() / track.tuning.members().get(i).h()
                    > bank.get(lead).statistic() / track.tuning.members().get(lead).h()) {
                lead = i;
            }
        }
        return lead;
    }

    private void slowHorizon(final ConceptTrack track, final String concept, final long start, final long end,
                             final BucketSums bucket, final Emitter emitter) {
        final long length = settings.slowHorizon().toMillis();
        if (track.horizon != null && start >= track.horizon.start + length) {
            // The block ended while the segment was idle: judge what it has.
            judgeHorizon(track, concept, track.horizon.start + length, emitter);
        }
        if (track.horizon == null) {
            track.horizon = new HorizonBlock(Math.floorDiv(start, length) * length);
        }
        final HorizonBlock block = track.horizon;
        final Moments moments = bucket.moments.get(concept);
        block.moments = block.moments.merge(moments);
        block.prompts = bucket.prompts(concept).merge(block.prompts);
        block.sumSquaredCounts += (double) moments.count() * moments.count();
        block.highest = SegmentState.mergeTop(block.highest, bucket.exemplars(concept, Side.UPPER), settings.exemplars(), order(Side.UPPER));
        block.lowest = SegmentState.mergeTop(block.lowest, bucket.exemplars(concept, Side.LOWER), settings.exemplars(), order(Side.LOWER));
        if (end >= block.start + length) {
            judgeHorizon(track, concept, end, emitter);
        }
    }

    private void judgeHorizon(final ConceptTrack track, final String concept, final long eventTime, final Emitter emitter) {
        final HorizonBlock block = track.horizon;
        final double z = track.reference.standardizeHorizon(track.reference.judged(block.moments, block.prompts), block.sumSquaredCounts);
        for (final Side side : settings.sides()) {
            final SideTrack sideTrack = track.side(side);
            sideTrack.slow = emitter.step(sideTrack.slow, finding(track, concept, side, SegmentMonitor.SLOW,
                    side.orient(z), track.tuning.slowThreshold(), block.start, block.moments, block.prompts,
                    side == Side.UPPER ? block.highest : block.lowest,
                    Map.of("horizon", settings.slowHorizon().toString())), eventTime);
        }
        track.horizon = null;
    }

    private static Finding finding(final ConceptTrack track, final String concept, final Side side, final String detector,
                                   final double statistic, final double threshold, final long windowStart, final Moments evidence,
                                   final PromptPairs prompts, final List<ReplyExemplar> exemplars, final Map<String, String> details) {
        final Reference reference = track.reference;
        return new Finding(side.detector(detector), concept, statistic, threshold, windowStart, evidence.mean(), reference.mean(),
                (evidence.mean() - reference.mean()) / reference.spread(), evidence.count(), exemplars, List.of(),
                withAttribution(details, track, prompts, side));
    }

    /**
     * The details with who moved ({@link PromptAttribution}), when the reference and the evidence
     * both scored enough prompts: {@code cause} (prompts, prompts-and-model or model),
     * {@code prompt_share} (of the move, what the prompts predict), {@code model_z} (the rest,
     * standardised) and {@code prompt_replies}.
     */
    private static Map<String, String> withAttribution(final Map<String, String> details, final ConceptTrack track,
                                                       final PromptPairs evidence, final Side side) {
        final Reference reference = track.reference;
        final double typical = reference.typicalBucketSize();
        // How much wider a bucket's mean varies than independent replies would make it: what the detectors allow for too.
        final double inflation = reference.bucketVariance(typical) / (reference.variance() / typical);
        final PromptAttribution attribution = PromptAttribution.of(track.referencePrompts, evidence, inflation);
        if (attribution == null) {
            return details;
        }
        final Map<String, String> with = new LinkedHashMap<>(details);
        with.put(PromptAttribution.CAUSE, attribution.cause(side == Side.UPPER ? 1 : -1).toString());
        with.put("prompt_share", String.format(Locale.ROOT, "%.2f", attribution.promptShare()));
        with.put("model_z", String.format(Locale.ROOT, "%.1f", attribution.modelZ()));
        with.put("prompt_replies", Long.toString(attribution.replies()));
        return with;
    }

    private static Comparator<ReplyExemplar> order(final Side side) {
        return side == Side.UPPER ? SegmentState.BY_SCORE : SegmentState.BY_LOW_SCORE;
    }
}
