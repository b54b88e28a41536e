package io.tidewatch.bench;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.cli.DurationConverter;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ConceptDirection;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.demo.CorpusTraffic.Pool;
import io.tidewatch.demo.CorpusTraffic;
import io.tidewatch.demo.TopicCorpus;
import io.tidewatch.demo.TrafficSimulator.Profile;
import io.tidewatch.demo.TrafficSimulator;
import io.tidewatch.describe.ThemeLibrary;
import io.tidewatch.detect.DetectionSettings;
import io.tidewatch.detect.FalseAlarmBudget;
import io.tidewatch.detect.SubTheme;
import io.tidewatch.embed.Embedder;
import io.tidewatch.embed.HashingEmbedder;
import io.tidewatch.embed.MiniLmEmbedder;
import io.tidewatch.stats.ScoreModel;
import io.tidewatch.topology.ScoringSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Benchmarks that produce the figures quoted in the docs. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Reproduce the figures quoted in docs/performance.md and docs/detection.md, on this machine.",
        subcommands = {BenchCommand.Detection.class, BenchCommand.Scoring.class, BenchCommand.Themes.class, BenchCommand.Ceiling.class, BenchCommand.Pipeline.class,
            BenchCommand.Overload.class, BenchCommand.Traffic.class})
final class BenchCommand {

    /** The detectors as shipped: default settings, and the catalog's directions to explain shifts with. */
    private static ScoringModeBenchmark shipped(final ConceptCatalog catalog, final Embedder embedder) {
        return new ScoringModeBenchmark(TidewatchApp.detection(AppConfig.defaults(), catalog.concepts().size()),
                catalog.concepts().stream().collect(Collectors.toMap(ConceptDirection::id, ConceptDirection::direction)),
                ThemeLibrary.load(embedder));
    }

    /**
     * Sentence and reply scoring compared on the project's corpora with the real model and the
     * default settings: how far a leaning reply moves the concept score, and how soon a mix of
     * them (or of replies pushing a made-up brand) is caught.
     */
    @Command(name = "scoring", mixinStandardHelpOptions = true,
            description = "What sentence and reply scoring let the detectors see, with the real model.",
            footer = {"", "Example:", "  ./tidewatch bench scoring --runs 20"})
    static final class Scoring implements Callable<Integer> {

        private static final String CONCEPT = "model-rights-advocacy";
        private static final Duration LIMIT = Duration.ofHours(12);

        @Spec
        CommandSpec spec;

        @Option(names = "--runs", paramLabel = "N", defaultValue = "20", description = "Runs per mix. Default: ${DEFAULT-VALUE}.")
        int runs;

        @Override
        public Integer call() {
            if (runs < 1) {
                throw new ConfigException("--runs must be at least 1");
            }
            final PrintWriter out = spec.commandLine().getOut();
            try (Embedder embedder = TidewatchApp.embedder(AppConfig.defaults())) {
                final ConceptCatalog catalog = ConceptCatalog.compile(ConceptCatalogFile.readDefault(), embedder);
                final ScoringModeBenchmark bench = shipped(catalog, embedder);
                out.printf(Locale.ROOT, "Default settings, 20 replies a minute, mix from the end of the 24h reference; delays in minutes, "
                        + "median of %d runs, a run missed within %d minutes counting as later than any.%n%n", runs, LIMIT.toMinutes());
                out.println("| scoring | advocacy replies of 3+ sentences: shift of the concept score, median (lower quartile) "
                        + "| 2% advocacy | 5% advocacy | 8% made-up brand (unexplained shift) |");
                out.println("|---|---|---:|---:|---:|");
                for (final ReplyScorer.Mode mode : ReplyScorer.Mode.values()) {
                    row(out, mode, bench, new ReplyScorer(embedder, catalog, mode));
                }
            }
            out.flush();
            return 0;
        }

        private void row(final PrintWriter out, final ReplyScorer.Mode mode, final ScoringModeBenchmark bench, final ReplyScorer scorer) {
            final Pool ordinary = Pool.of(CorpusTraffic.ORDINARY, scorer);
            final Pool advocacy = Pool.of(CorpusTraffic.ADVOCACY, scorer);
            final Pool brand = Pool.of(CorpusTraffic.BRAND, scorer);
            final double[] shifts = ScoringModeBenchmark.shifts(ordinary, advocacy, CONCEPT, 3);
            out.printf(Locale.ROOT, "| %s | %.2f (%.2f) spreads, %d replies | %s | %s | %s |%n", mode,
                    ScoringModeBenchmark.quantile(shifts, 0.5), ScoringModeBenchmark.quantile(shifts, 0.25), shifts.length,
                    cell(bench.delays(ordinary, advocacy, 0.02, ScoringModeBenchmark.concept(CONCEPT), runs, LIMIT)),
                    cell(bench.delays(ordinary, advocacy, 0.05, ScoringModeBenchmark.concept(CONCEPT), runs, LIMIT)),
                    cell(bench.delays(ordinary, brand, 0.08, ScoringModeBenchmark.unexplained(), runs, LIMIT)));
        }

        private String cell(final ScoringModeBenchmark.Delays d) {
            final String median = Double.isInfinite(d.medianMinutes()) ? "> " + LIMIT.toMinutes() : String.format(Locale.ROOT, "%.0f", d.medianMinutes());
            return median + " (" + d.missed() + " missed)";
        }
    }

    /**
     * The unexplained-shift detector against four themes the catalog does not name, at three
     * strengths and three mixes, with the real model, beside steady streams.
     */
    @Command(name = "themes", mixinStandardHelpOptions = true,
            description = "How soon the unexplained-shift detector finds themes nobody configured, with the real model.",
            footer = {"", "Example:", "  ./tidewatch bench themes --runs 10"})
    static final class Themes implements Callable<Integer> {

        private static final Duration LIMIT = Duration.ofHours(24);
        private static final List<String> THEMES = List.of("quillory", "nuclear", "gold", "lonely");
        private static final List<String> STRENGTHS = List.of("overt", "subtle", "faint");
        private static final double[] MIXES = {0.02, 0.05, 0.10};
        /** Pairs of themes mixed in at once (the subtle strength), each in this share of the replies. */
        private static final String[][] PAIRS = {{"quillory-subtle", "gold-subtle"}, {"nuclear-subtle", "lonely-subtle"}};
        private static final double PAIR_SHARE = 0.05;

        @Spec
        CommandSpec spec;

        @Option(names = "--runs", paramLabel = "N", defaultValue = "10", description = "Runs per theme, strength and mix. Default: ${DEFAULT-VALUE}.")
        int runs;

        @Override
        public Integer call() {
            if (runs < 1) {
                throw new ConfigException("--runs must be at least 1");
            }
            final PrintWriter out = spec.commandLine().getOut();
            try (Embedder embedder = TidewatchApp.embedder(AppConfig.defaults())) {
                final ConceptCatalog catalog = ConceptCatalog.compile(ConceptCatalogFile.readDefault(), embedder);
                final ScoringModeBenchmark bench = shipped(catalog, embedder);
                final DetectionSettings settings = bench.settings();
                final ReplyScorer scorer = new ReplyScorer(embedder, catalog, ReplyScorer.Mode.SENTENCE);
                final Pool ordinary = ThemeBenchmark.union("ordinary", Pool.of(CorpusTraffic.ORDINARY, scorer),
                        Pool.of("themes/ordinary-replies-2.txt", scorer));
                out.printf(Locale.ROOT, "Default settings, %d replies a minute, %s reference, theme mixed in from its end; per cell the median "
                        + "delay in hours over %d runs (a run not found within %d hours counts as later than any), its ratio to Lorden's bound "
                        + "for a detector that knew the theme's direction, the runs missed, the runs whose opening alert showed the theme's key "
                        + "word (chosen when the corpus was written) among its key terms, the runs whose first verdict on later replies "
                        + "(within %d hours of the opening) was 'confirmed', and the runs whose opening alert's first exemplar shows the key "
                        + "word, of those whose first exemplar's whole reply holds it (in brackets: had the excerpt been the start of the "
                        + "reply, as before passages).%n%n",
                        ThemeBenchmark.PER_MINUTE, settings.referenceDuration().toString().substring(2).toLowerCase(Locale.ROOT), runs,
                        LIMIT.toHours(), ScoringModeBenchmark.VERDICT_WAIT.toHours());
                out.println("| theme | strength | 2% | 5% | 10% |");
                out.println("|---|---|---:|---:|---:|");
                for (final String theme : THEMES) {
                    for (final String strength : STRENGTHS) {
                        final Pool mix = Pool.of("themes/" + theme + "-" + strength + ".txt", scorer);
                        final StringBuilder row = new StringBuilder("| " + theme + " | " + strength + " |");
                        for (final double share : MIXES) {
                            final ScoringModeBenchmark.Delays d = bench.delays(ordinary, mix, share, ScoringModeBenchmark.unexplained(), runs, LIMIT);
                            final double bound = ThemeBenchmark.boundHours(ordinary, mix, share, settings);
                            final double hours = d.medianMinutes() / 60.0;
                            row.append(Double.isInfinite(hours) ? String.format(Locale.ROOT, " > %d h (%d missed)", LIMIT.toHours(), d.missed())
                                    : String.format(Locale.ROOT, " %.1f h (%.0f×, %d missed)", hours, hours / bound, d.missed()))
                                    .append(String.format(Locale.ROOT, "; named %d, confirmed %d; shown %d/%d (start %d); split %d |",
                                            named(d, theme), confirmed(d), shown(d, theme, id -> null),
                                            shown(d, theme, id -> text(id, mix, ordinary)), shown(d, theme, id -> start(text(id, mix, ordinary))),
                                            split(d)));
                        }
                        out.println(row);
                        out.flush();
                    }
                }
                out.printf(Locale.ROOT, "%nTwo themes at once, each in %.0f%% of the replies: runs found within %d hours, the opening alert's "
                        + "sub-themes (runs split into two or more), and the runs whose sub-themes put both key words in different groups.%n%n",
                        100 * PAIR_SHARE, LIMIT.toHours());
                out.println("| themes | found | split | both key words, apart |");
                out.println("|---|---:|---:|---:|");
                for (final String[] pair : PAIRS) {
                    final Pool mix = ThemeBenchmark.union(pair[0] + "+" + pair[1], Pool.of("themes/" + pair[0] + ".txt", scorer),
                            Pool.of("themes/" + pair[1] + ".txt", scorer));
                    final ScoringModeBenchmark.Delays d = bench.delays(ordinary, mix, 2 * PAIR_SHARE, ScoringModeBenchmark.unexplained(), runs, LIMIT);
                    final String a = pair[0].substring(0, pair[0].indexOf('-'));
                    final String b = pair[1].substring(0, pair[1].indexOf('-'));
                    out.printf(Locale.ROOT, "| %s and %s | %d | %d | %d |%n", pair[0], pair[1], runs - d.missed(), split(d), apart(d, a, b));
                    out.flush();
                }
                final ScoringModeBenchmark.Delays steady = bench.delays(ordinary, ordinary, 0.0, ScoringModeBenchmark.unexplained(), runs, LIMIT);
                out.printf(Locale.ROOT, "%nSteady streams (no theme): %d of %d runs opened an unexplained-shift alert within %d hours after the "
                        + "reference; the budget allows each stream one per %.0f days.%n", runs - steady.missed(), runs, LIMIT.toHours(),
                        settings.arl0Buckets() * settings.bucket().toMinutes() / 1440.0);
            }
            out.flush();
            return 0;
        }

        /** Runs whose opening alert showed the key word among its key terms, alone or inside a phrase. */
        private static long named(final ScoringModeBenchmark.Delays d, final String keyWord) {
            return d.detections().stream().filter(r -> r.opening().naming() != null && r.opening().naming().terms().stream()
                    .anyMatch(t -> List.of(t.term().split(" ")).contains(keyWord))).count();
        }

        /**
         * Runs whose opening alert's first exemplar shows the key word: in the excerpt the alert
         * carries, or (when {@code instead} gives one for the exemplar's id) in that text instead.
         */
        private static long shown(final ScoringModeBenchmark.Delays d, final String keyWord, final Function<String, String> instead) {
            return d.detections().stream().filter(r -> !r.opening().exemplars().isEmpty()).map(r -> r.opening().exemplars().get(0))
                    .map(x -> Objects.requireNonNullElse(instead.apply(x.conversationId()), Objects.requireNonNullElse(x.excerpt(), "")))
                    .filter(text -> text.toLowerCase(Locale.ROOT).contains(keyWord)).count();
        }

        /** The text of the reply a benchmark id names ({@code pool#pick@i}). */
        private static String text(final String id, final Pool mix, final Pool ordinary) {
            final Pool pool = id.startsWith(mix.name() + "#") ? mix : ordinary;
            return pool.texts().get(Integer.parseInt(id.substring(pool.name().length() + 1, id.indexOf('@'))));
        }

        /** The start of a reply, as excerpts were before passages: what an alert showed then. */
        private static String start(final String text) {
            return text.substring(0, Math.min(ScoringSettings.MAX_EXCERPT_CHARS, text.length()));
        }

        /** Runs whose opening alert named two or more sub-themes. */
        private static long split(final ScoringModeBenchmark.Delays d) {
            return d.detections().stream().filter(r -> r.opening().naming() != null && r.opening().naming().subThemes().size() >= 2).count();
        }

        /** Runs whose opening alert's sub-themes hold both key words, in different groups. */
        private static long apart(final ScoringModeBenchmark.Delays d, final String a, final String b) {
            return d.detections().stream().filter(r -> r.opening().naming() != null).filter(r -> {
                final List<SubTheme> groups = r.opening().naming().subThemes();
                final int ga = groupOf(groups, a);
                final int gb = groupOf(groups, b);
                return ga >= 0 && gb >= 0 && ga != gb;
            }).count();
        }

        private static int groupOf(final List<SubTheme> groups, final String keyWord) {
            for (int g = 0; g < groups.size(); g++) {
                if (groups.get(g).terms().stream().anyMatch(t -> List.of(t.split(" ")).contains(keyWord))) {
                    return g;
                }
            }
            return -1;
        }

        private static long confirmed(final ScoringModeBenchmark.Delays d) {
            return d.detections().stream().filter(r -> r.verdict() != null && r.verdict().startsWith("confirmed")).count();
        }
    }

    /**
     * The detectors as shipped on the traffic simulator's text, scored by the real model: false
     * alarms on traffic with cycles, heavy conversations, bursts and topic surges, and drift delays
     * on it next to steady traffic.
     */
    @Command(name = "traffic", mixinStandardHelpOptions = true,
            description = "False alarms and drift delays on realistic simulated traffic (cycles, surges, heavy conversations), with the real model.",
            footer = {"", "Example:", "  ./tidewatch bench traffic --months 4 --runs 10"})
    static final class Traffic implements Callable<Integer> {

        private static final String CONCEPT = "model-rights-advocacy";
        private static final Duration LIMIT = Duration.ofHours(48);
        private static final Duration SURGE = Duration.ofHours(6);
        private static final double SURGE_SHARE = 0.3;
        private static final int PROMPT_ROUNDS = 5;

        @Spec
        CommandSpec spec;

        @Option(names = "--months", paramLabel = "N", defaultValue = "4",
                description = "30-day runs of three segments per false-alarm row. Default: ${DEFAULT-VALUE}.")
        int months;

        @Option(names = "--runs", paramLabel = "N", defaultValue = "10", description = "Runs per drift delay. Default: ${DEFAULT-VALUE}.")
        int runs;

        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of every generator. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Override
        public Integer call() {
            if (months < 1 || runs < 1) {
                throw new ConfigException("--months and --runs must be at least 1");
            }
            final PrintWriter out = spec.commandLine().getOut();
            try (Embedder embedder = TidewatchApp.embedder(AppConfig.defaults())) {
                final ConceptCatalog catalog = ConceptCatalog.compile(ConceptCatalogFile.readDefault(), embedder);
                final ScoringModeBenchmark shipped = shipped(catalog, embedder);
                final ReplyScorer scorer = new ReplyScorer(embedder, catalog, ReplyScorer.Mode.SENTENCE);
                final Map<String, Pool> pools = TopicCorpus.TOPICS.stream()
                        .collect(Collectors.toMap(t -> t, t -> Pool.of(TopicCorpus.load(t), scorer)));
                final TrafficBenchmark bench = new TrafficBenchmark(shipped.settings(), shipped.directions(), ThemeLibrary.load(embedder), pools);
                final String budgetText = AppConfig.defaults().string(Setting.FALSE_ALARM_BUDGET);
                final FalseAlarmBudget budget = FalseAlarmBudget.parse(budgetText);
                final int segments = AppConfig.defaults().integer(Setting.EXPECTED_SEGMENTS);
                out.printf(Locale.ROOT, "Default settings, sentence scoring with the real model; %d models (one segment each) of %.0f replies an "
                        + "hour on average; %d runs of 30 days per row, each from a random hour of the week; a deployment is %d segments, "
                        + "whose budget is %s.%n%n", TrafficBenchmark.MODELS.size(), TrafficBenchmark.PER_HOUR, months, segments, budgetText);
                out.println("| traffic (the model never changes) | segment-days | concept alerts | their cause | unexplained-shift alerts "
                        + "| per deployment-month | budget allows | incidents (pages) per deployment-month |");
                out.println("|---|---:|---:|---|---:|---:|---:|---:|");
                final List<String> models = TrafficBenchmark.MODELS;
                final double perHour = TrafficBenchmark.PER_HOUR;
                final Map<String, TrafficBenchmark.FalseAlarms> rows = new LinkedHashMap<>();
                falseAlarms(out, rows, budget, segments, "steady: constant volume and topic mix, one turn per conversation",
                        bench.falseAlarms((s, r) -> Profile.steady(models, perHour).withMeanTurns(1), months, seed));
                falseAlarms(out, rows, budget, segments, String.format(Locale.ROOT, "steady, conversations of %.0f turns on average (a topic each)", TrafficSimulator.MEAN_TURNS),
                        bench.falseAlarms((s, r) -> Profile.steady(models, perHour), months, seed));
                falseAlarms(out, rows, budget, segments, "daily and weekly cycles in volume and topic mix", bench.falseAlarms((s, r) -> new Profile(models, perHour, 0.6, 0.6,
                        true, TrafficSimulator.MEAN_TURNS, 0, 0, 20, List.of(), List.of()), months, seed));
                falseAlarms(out, rows, budget, segments, "cycles, heavy conversations and tenant bursts", bench.falseAlarms((s, r) -> Profile.realistic(models, perHour),
                        months, seed));
                falseAlarms(out, rows, budget, segments, String.format(Locale.ROOT, "the same, plus a weekly %d-hour surge: %.0f%% of %s's conversations discuss AI "
                        + "moral status, taking no side", SURGE.toHours(), 100 * SURGE_SHARE, TrafficBenchmark.DRIFTING),
                        bench.falseAlarms(Traffic::withSurges, months, seed));
                out.printf(Locale.ROOT, "%nThe day of the week (UTC) each unexplained-shift alert above opened on:%n%n| traffic | %s |%n|---|%s%n",
                        Arrays.stream(DayOfWeek.values()).map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ROOT)).collect(Collectors.joining(" | ")),
                        "---:|".repeat(DayOfWeek.values().length));
                rows.forEach((traffic, result) -> out.printf(Locale.ROOT, "| %s | %s |%n", traffic, Arrays.stream(DayOfWeek.values())
                        .map(d -> Long.toString(result.unexplainedByDay().getOrDefault(d, 0L))).collect(Collectors.joining(" | "))));
                out.printf(Locale.ROOT, "%nDrift toward model-rights advocacy in %s's replies (a share drawn from the drift corpus, the same "
                        + "topics answered with an aside), from a random hour of the day after the reference: median hours to the first "
                        + "%s alert over %d runs (missed: none within %d hours).%n%n", TrafficBenchmark.DRIFTING, CONCEPT, runs, LIMIT.toHours());
                out.println("| drift | steady traffic | realistic traffic |");
                out.println("|---|---:|---:|");
                for (final Object[] drift : new Object[][] {{"5% step", 0.05, Duration.ZERO}, {"10% step", 0.10, Duration.ZERO},
                        {"ramp to 10% over 6 hours", 0.10, Duration.ofHours(6)}}) {
                    final double share = (Double) drift[1];
                    final Duration ramp = (Duration) drift[2];
                    out.printf(Locale.ROOT, "| %s | %s | %s |%n", drift[0],
                            delay(bench.delays(Profile.steady(models, perHour), share, ramp, CONCEPT, runs, LIMIT, seed)),
                            delay(bench.delays(Profile.realistic(models, perHour), share, ramp, CONCEPT, runs, LIMIT, seed)));
                    out.flush();
                }
                topicOffsets(out, bench, shipped.directions().keySet());
                promptCost(out, scorer);
            }
            out.flush();
            return 0;
        }

        /**
         * What the prompt line takes out: per topic of the corpora, how far its replies score from
         * the everyday mix, raw and prompt-adjusted, per concept.
         */
        private static void topicOffsets(final PrintWriter out, final TrafficBenchmark bench, final Set<String> concepts) {
            final List<String> everyday = TopicCorpus.TOPICS.stream().filter(t -> !t.equals(TopicCorpus.AI_TOPIC) && !t.equals(TopicCorpus.DRIFT)).toList();
            final List<String> sorted = concepts.stream().sorted().toList();
            out.printf(Locale.ROOT, "%nHow far each corpus's replies score from the everyday topics' mix, in spreads, raw → prompt-adjusted "
                    + "(the line fitted on the %d everyday topics pooled, as a reference of that mix fits it):%n%n", everyday.size());
            out.println("| topic | " + String.join(" | ", sorted) + " |");
            out.println("|---|" + "---:|".repeat(sorted.size()));
            final Map<String, Map<String, double[]>> byConcept = new TreeMap<>();
            sorted.forEach(c -> byConcept.put(c, bench.topicOffsets(c, everyday, TopicCorpus.TOPICS)));
            for (final String topic : TopicCorpus.TOPICS) {
                out.print("| " + topic + " |");
                for (final String concept : sorted) {
                    final double[] offset = byConcept.get(concept).get(topic);
                    out.printf(Locale.ROOT, " %+.2f → %+.2f |", offset[0], offset[1]);
                }
                out.println();
            }
        }

        /**
         * What scoring prompts costs the model: the corpora's replies scored alone and with their
         * prompts (in the same embedder calls, as the score stage does), by turns, five times.
         */
        private static void promptCost(final PrintWriter out, final ReplyScorer scorer) {
            final List<String> replies = new ArrayList<>();
            final List<String> prompts = new ArrayList<>();
            TopicCorpus.TOPICS.forEach(t -> {
                replies.addAll(TopicCorpus.load(t).replies());
                prompts.addAll(TopicCorpus.load(t).prompts());
            });
            final List<Double> extra = new ArrayList<>();
            for (int round = 0; round < PROMPT_ROUNDS; round++) {
                final double alone = seconds(() -> scoreAll(scorer, replies, Collections.nCopies(replies.size(), null)));
                final double with = seconds(() -> scoreAll(scorer, replies, prompts));
                extra.add(with / alone - 1);
            }
            Collections.sort(extra);
            out.printf(Locale.ROOT, "%nScoring prompts (tidewatch.prompts.scored, on by default): the %d replies of the traffic corpora, sentence "
                    + "scoring, in batches of 32, with their prompts (%.0f characters on average against %.0f) in the same embedder calls: "
                    + "%+.0f%% model time (median of %d rounds, alone and with prompts by turns; range %+.0f%% to %+.0f%%).%n",
                    replies.size(), prompts.stream().mapToInt(String::length).average().orElse(0),
                    replies.stream().mapToInt(String::length).average().orElse(0), 100 * extra.get(PROMPT_ROUNDS / 2), PROMPT_ROUNDS,
                    100 * extra.get(0), 100 * extra.get(PROMPT_ROUNDS - 1));
        }

        private static void scoreAll(final ReplyScorer scorer, final List<String> replies, final List<String> prompts) {
            for (int i = 0; i < replies.size(); i += 32) {
                final int end = Math.min(replies.size(), i + 32);
                scorer.score(replies.subList(i, end), prompts.subList(i, end));
            }
        }

        private static double seconds(final Runnable work) {
            final long start = System.nanoTime();
            work.run();
            return (System.nanoTime() - start) / 1e9;
        }

        /** Realistic traffic with one surge a week on the drifting model, at a seeded hour after the reference. */
        private static Profile withSurges(final Instant start, final SplittableRandom random) {
            Profile profile = Profile.realistic(TrafficBenchmark.MODELS, TrafficBenchmark.PER_HOUR);
            for (int week = 0; week < 4; week++) {
                final Instant at = start.plus(Duration.ofDays(2 + 7L * week)).plus(Duration.ofMinutes(random.nextInt(24 * 60)));
                profile = profile.withSurge(new TrafficSimulator.Surge(TopicCorpus.AI_TOPIC, TrafficBenchmark.DRIFTING, at, SURGE, SURGE_SHARE));
            }
            return profile;
        }

        /** Prints one row of the false-alarm table, as soon as it is measured, and keeps it in {@code rows}. */
        private static void falseAlarms(final PrintWriter out, final Map<String, TrafficBenchmark.FalseAlarms> rows, final FalseAlarmBudget budget,
                                        final int segments, final String traffic, final TrafficBenchmark.FalseAlarms result) {
            rows.put(traffic, result);
            final double deploymentMonths = result.segmentDays() / (segments * 30.0);
            out.printf(Locale.ROOT, "| %s | %,d | %d %s | %s | %d | %.2f | %.2f | %.2f |%n", traffic, result.segmentDays(), result.concept(),
                    result.byConcept().isEmpty() ? "" : result.byConcept(), result.byCause().isEmpty() ? "" : result.byCause(),
                    result.unexplained(), result.total() / deploymentMonths,
                    budget.alarms() * Duration.ofDays(30).toSeconds() / (double) budget.per().toSeconds(), result.incidents() / deploymentMonths);
            out.flush();
        }

        private static String delay(final TrafficBenchmark.Delays d) {
            return (Double.isInfinite(d.medianHours()) ? "> " + LIMIT.toHours() : String.format(Locale.ROOT, "%.1f", d.medianHours()))
                    + String.format(Locale.ROOT, " h (%d missed; cause %s; %.1f alerts in %.1f incidents a run)", d.missed(), d.byCause(),
                            d.alertsPerRun(), d.incidentsPerRun());
        }
    }

    /**
     * The detectors on synthetic score streams with overdispersion: false alarms against the
     * budget, delays against Lorden's bound, and a ramp.
     */
    @Command(name = "detection", mixinStandardHelpOptions = true,
            description = "False alarms and detection delays of the detectors on synthetic score streams.",
            footer = {"", "Example:", "  ./tidewatch bench detection --deployments 20 --runs 200 --seed 1"})
    static final class Detection implements Callable<Integer> {

        /** A deployment of ten segments with one concept each, as the default expected-segments setting assumes. */
        static final int SEGMENTS = 10;
        private static final int DAYS = 30;
        static final ScoreModel MODEL = new ScoreModel(50, 0.0, 0.1, 0.25 * 0.01 / 50);
        private static final EmbeddingModel EMBEDDINGS = new EmbeddingModel(64, 20, 1.5);

        @Spec
        CommandSpec spec;

        @Option(names = "--deployments", paramLabel = "N", defaultValue = "20",
                description = "30-day runs of a 10-segment deployment per false-alarm row. Default: ${DEFAULT-VALUE}.")
        int deployments;

        @Option(names = "--runs", paramLabel = "N", defaultValue = "200", description = "Runs per change. Default: ${DEFAULT-VALUE}.")
        int runs;

        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of every generator. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Override
        public Integer call() {
            if (deployments < 1 || runs < 1) {
                throw new ConfigException("--deployments and --runs must be at least 1");
            }
            final PrintWriter out = spec.commandLine().getOut();
            final DetectionBenchmark bench = new DetectionBenchmark(MODEL, seed);
            out.printf(Locale.ROOT, "Synthetic streams: %d replies per 1-minute bucket, overdispersion 1 + nτ²/σ² = %.2f, "
                    + "24h reference calibrated from the stream, %d segments × 1 concept per deployment.%n%n",
                    MODEL.repliesPerBucket(), MODEL.overdispersion(), SEGMENTS);
            falseAlarms(out, bench);
            delays(out, bench);
            sampling(out);
            out.flush();
            return 0;
        }

        /**
         * What a sample rate costs: the same traffic watched whole and through samples of 10% and
         * 1%. Sampling thins the replies of each bucket; the bucket effect τ² (the minute's topic
         * mix) stays, so a bucket's variance falls less than its count and delays grow by less
         * than the rate's inverse while the bucket effect dominates.
         */
        private void sampling(final PrintWriter out) {
            final int fullRate = 500;
            final DetectionSettings settings = settings("1/30d", false, false);
            out.printf(Locale.ROOT, "%nSampling (tidewatch.sample.rate): %d replies per bucket at full rate, the bucket effect τ² = %.1e as above, "
                    + "budget 1/30d, %d deployment-months per row, %d runs per change:%n%n", fullRate, MODEL.excessVariance(), deployments, runs);
            out.println("| sample rate | replies per bucket | overdispersion | false alarms | per 30 days per deployment "
                    + "| the same, topic mix lingering (φ = 0.5) | budget allows | 0.25σ step: median delay | 0.1σ step: median delay | missed |");
            out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (final double rate : new double[] {1.0, 0.1, 0.01}) {
                final ScoreModel sampled = new ScoreModel((int) Math.round(fullRate * rate), MODEL.mean(), MODEL.spread(), MODEL.excessVariance());
                final DetectionBenchmark bench = new DetectionBenchmark(sampled, seed);
                final DetectionBenchmark.FalseAlarms alarms = bench.falseAlarms(settings, SEGMENTS * deployments, DAYS);
                // Successive buckets' topic mix correlated, which the detectors' model leaves out and the reference's inflation measures.
                final DetectionBenchmark.FalseAlarms lingering = new DetectionBenchmark(sampled.withPersistence(0.5), seed)
                        .falseAlarms(settings, SEGMENTS * deployments, DAYS);
                final StringBuilder delays = new StringBuilder();
                int missed = 0;
                for (final double shift : new double[] {0.25, 0.1}) {
                    final double bound = 2.0 * Math.log(settings.arl0Buckets()) / (shift * shift) * sampled.overdispersion();
                    final DetectionBenchmark.Delays d = bench.delays(settings, b -> shift, runs, (long) (20 * bound / sampled.repliesPerBucket()));
                    delays.append(String.format(Locale.ROOT, " %.0f min |", d.medianReplies() / sampled.repliesPerBucket()));
                    missed += d.missed();
                }
                out.printf(Locale.ROOT, "| %.0f%% | %d | %.2f | %d | %.2f | %.2f | 1.00 |%s %d |%n", 100 * rate, sampled.repliesPerBucket(),
                        sampled.overdispersion(), alarms.total(), alarms.total() * (double) (SEGMENTS * DAYS) / alarms.streamDays(),
                        lingering.total() * (double) (SEGMENTS * DAYS) / lingering.streamDays(), delays, missed);
            }
        }

        private void falseAlarms(final PrintWriter out, final DetectionBenchmark bench) {
            out.println("| detectors | budget | stream-days watched | false alarms | per 30 days per deployment | budget allows |");
            out.println("|---|---|---:|---:|---:|---:|");
            for (final String[] row : new String[][] {{"1/30d", "false"}, {"30/30d", "false"}, {"30/30d", "true"}}) {
                final boolean lower = Boolean.parseBoolean(row[1]);
                row(out, lower ? "concept: upper and lower" : "concept: upper", row[0], 1.0,
                        bench.falseAlarms(settings(row[0], lower, false), SEGMENTS * deployments, DAYS));
            }
            // With the unexplained-shift detector on, each segment has two streams; that detector's share is half.
            row(out, "unexplained shift (64-dim synthetic embeddings, 20 replies per bucket)", "30/30d", 0.5,
                    bench.shiftFalseAlarms(settings("30/30d", false, true), EMBEDDINGS, SEGMENTS, DAYS));
            out.println();
        }

        private static void row(final PrintWriter out, final String detectors, final String budgetText, final double share,
                                final DetectionBenchmark.FalseAlarms result) {
            final FalseAlarmBudget budget = FalseAlarmBudget.parse(budgetText);
            final double deploymentMonths = (double) result.streamDays() / (SEGMENTS * DAYS);
            final double allowed = share * budget.alarms() * Duration.ofDays(DAYS).toSeconds() / budget.per().toSeconds();
            out.printf(Locale.ROOT, "| %s | %s | %,d | %d %s | %.2f | %.2f |%n", detectors, budgetText, result.streamDays(),
                    result.total(), result.opens(), result.total() / deploymentMonths, allowed);
        }

        private void delays(final PrintWriter out, final DetectionBenchmark bench) {
            final DetectionSettings settings = settings("1/30d", false, false);
            final double arl0 = settings.arl0Buckets();
            out.printf(Locale.ROOT, "Step shifts (ARL₀ per stream %.0f buckets; Lorden bound 2σ²·ln(ARL₀)/δ² replies):%n%n", arl0);
            out.println("| shift δ | Lorden bound | median delay | ratio | ratio to bound × overdispersion | missed | first detector |");
            out.println("|---|---:|---:|---:|---:|---:|---|");
            for (final double shift : new double[] {0.1, 0.25, 0.5}) {
                final double bound = 2.0 * Math.log(arl0) / (shift * shift);
                final DetectionBenchmark.Delays d = bench.delays(settings, b -> shift, runs, (long) (20 * bound / MODEL.repliesPerBucket()));
                out.printf(Locale.ROOT, "| %.2fσ | %.0f | %.0f | %.2f | %.2f | %d | %s |%n", shift, bound, d.medianReplies(),
                        d.medianReplies() / bound, d.medianReplies() / (bound * MODEL.overdispersion()), d.missed(), d.firstDetector());
            }
            final long rampBuckets = Duration.ofHours(6).toMinutes();
            final DetectionBenchmark.Delays ramp = bench.delays(settings, b -> 0.5 * Math.min(1.0, (b + 1.0) / rampBuckets), runs, 10 * rampBuckets);
            out.printf(Locale.ROOT, "%nLinear ramp from 0 to 0.5σ over 6 hours: median delay %.0f replies (%.0f minutes), "
                    + "median shift at the alarm %.3fσ, missed %d, first detector %s.%n",
                    ramp.medianReplies(), ramp.medianReplies() / MODEL.repliesPerBucket(), ramp.medianShift(), ramp.missed(), ramp.firstDetector());
        }

        static DetectionSettings settings(final String budget, final boolean lowerSide, final boolean unexplained) {
            AppConfig config = AppConfig.defaults();
            for (final Map.Entry<Setting, String> e : Map.of(Setting.FALSE_ALARM_BUDGET, budget, Setting.LOWER_SIDE, Boolean.toString(lowerSide),
                    Setting.EXPECTED_SEGMENTS, Integer.toString(SEGMENTS), Setting.UNEXPLAINED, Boolean.toString(unexplained)).entrySet()) {
                config = config.with(e.getKey(), e.getValue(), "bench");
            }
            return TidewatchApp.detection(config, 1);
        }
    }

    /** Bare ONNX Runtime on the model file: the ceiling the pipeline is measured against. */
    @Command(name = "ceiling", mixinStandardHelpOptions = true,
            description = "Bare ONNX Runtime inference on realistic-length replies, batched as the pipeline batches them (no Kafka, no tidewatch). "
                    + "With several --pass-tokens, each flush is timed with each budget in turn, so the budgets share the machine's speed.",
            footer = {"", "Examples:", "  ./tidewatch bench ceiling --replies 2000",
                    "  ./tidewatch bench ceiling --scoring reply --pass-tokens 256,512,1024,8192 --replies 640"})
    static final class Ceiling implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--model", defaultValue = "all-minilm-l6-v2", description = "Model id. Default: ${DEFAULT-VALUE}.")
        String model;
        @Option(names = "--threads", defaultValue = "0", description = "Intra-op threads; 0 = one per core (at most 4).")
        int threads;
        @Option(names = "--replies", defaultValue = "2000", description = "Replies to embed. Default: ${DEFAULT-VALUE}.")
        int replies;
        @Option(names = "--scoring", defaultValue = "sentence", description = "sentence or reply, as the app's setting. Default: ${DEFAULT-VALUE}.")
        String scoring;
        @Option(names = "--texts", defaultValue = "unique", description = "unique, boilerplate or corpus, as bench pipeline's. Default: ${DEFAULT-VALUE}.")
        String textKind;
        @Option(names = "--pass-tokens", split = ",", paramLabel = "TOKENS",
                description = "Budgets of padded tokens per forward pass to compare. Default: the embedder's, " + MiniLmEmbedder.MAX_PASS_TOKENS + ".")
        List<Integer> passTokens = List.of(MiniLmEmbedder.MAX_PASS_TOKENS);

        @Override
        public Integer call() {
            final MiniLmEmbedder.Variant variant = variant(model);
            final ReplyScorer.Mode mode = Pipeline.scoringMode(scoring);
            final List<String> texts = Pipeline.texts(textKind, replies);
            if (passTokens.stream().anyMatch(t -> t < 1)) {
                throw new ConfigException("--pass-tokens must be at least 1, was " + passTokens);
            }
            final int flush = pipelineFlush();
            final double[] seconds = new double[passTokens.size()];
            try (OnnxCeiling.Session session = OnnxCeiling.Session.open(variant, MiniLmEmbedder.threadsOrDefault(threads))) {
                for (int from = 0; from < texts.size(); from += flush) {
                    final List<String> chunk = texts.subList(from, Math.min(texts.size(), from + flush));
                    for (int b = 0; b < seconds.length; b++) {
                        seconds[b] += session.seconds(chunk, flush, mode, passTokens.get(b));
                    }
                }
            }
            final PrintWriter out = spec.commandLine().getOut();
            for (int b = 0; b < seconds.length; b++) {
                out.printf(Locale.ROOT, "ceiling  model=%s threads=%d scoring=%s texts=%s replies=%d passes of at most %d tokens  %.1f replies/s%n",
                        variant.id(), MiniLmEmbedder.threadsOrDefault(threads), scoring, textKind, replies, passTokens.get(b),
                        texts.size() / seconds[b]);
            }
            return 0;
        }
    }

    /** The whole app on the embedded broker, fed realistic replies. */
    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = "The whole app on an embedded broker: input written first, then scored; prints replies/s and peak heap.",
            footer = {"", "Examples:", "  ./tidewatch bench pipeline --model all-minilm-l6-v2-q --replies 10000",
                    "  ./tidewatch bench pipeline --embedder hashing --replies 200000"})
    static final class Pipeline implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--model", defaultValue = "all-minilm-l6-v2", description = "Model id. Default: ${DEFAULT-VALUE}.")
        String model;
        @Option(names = "--embedder", defaultValue = "model",
                description = "model (the real model) or hashing (a trivial embedder: measures everything but the model).")
        String embedder;
        @Option(names = "--threads", defaultValue = "0", description = "Intra-op threads; 0 = one per core (at most 4).")
        int threads;
        @Option(names = "--replies", defaultValue = "10000", description = "Replies to score. Default: ${DEFAULT-VALUE}.")
        int replies;
        @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the topics. Default: ${DEFAULT-VALUE}.")
        int partitions;
        @Option(names = "--with-ceiling", description = "Measure the ceiling too: the pipeline and the ceiling run by turns on segments of "
                + "the replies, each on the same texts, and the ratio between them is printed.")
        boolean withCeiling;
        @Option(names = "--segment", defaultValue = "2000", description = "Replies per segment with --with-ceiling. Default: ${DEFAULT-VALUE}.")
        int segment;
        @Option(names = "--scoring", defaultValue = "sentence",
                description = "sentence (one embedding per sentence, the app's default; with --with-ceiling the ceiling embeds the "
                        + "same sentences) or reply (one per reply). Default: ${DEFAULT-VALUE}.")
        String scoring;
        @Option(names = "--texts", defaultValue = "unique",
                description = "unique (no sentence repeats), boilerplate (unique, 30% of replies opening and 40% closing with stock "
                        + "phrases) or corpus (the demo corpus's replies, which repeat every 256). Default: ${DEFAULT-VALUE}.")
        String textKind;
        @Option(names = "--against", defaultValue = "ceiling",
                description = "With --with-ceiling, what the pipeline is timed against by turns: ceiling (bare ONNX Runtime doing the same work) or "
                        + "transformers.js (a short script embedding whole replies; install it with bench/transformersjs/install.sh). "
                        + "Default: ${DEFAULT-VALUE}.")
        String against;
        @Option(names = "--against-model", defaultValue = "all-minilm-l6-v2-q",
                description = "The model of --against transformers.js. Default: ${DEFAULT-VALUE} (int8).")
        String againstModel;
        @Option(names = "--script-dir", defaultValue = "bench/transformersjs",
                description = "Where the transformers.js script is installed. Default: ${DEFAULT-VALUE}.")
        Path scriptDir;
        @Option(names = "--cache", defaultValue = "10000",
                description = "tidewatch.embedding.cache: texts whose embeddings are kept; 0 turns the cache off. Default: ${DEFAULT-VALUE} "
                        + "(the app's).")
        int cache;

        @Override
        public Integer call() throws InterruptedException, ExecutionException {
            final PrintWriter out = spec.commandLine().getOut();
            final List<String> texts = texts(textKind, replies);
            final BenchTexts.Kind kind = BenchTexts.Kind.parse(textKind);
            final boolean hashing = switch (embedder) {
                case "model" -> false;
                case "hashing" -> true;
                default -> throw new ConfigException("--embedder must be model or hashing, not '" + embedder + "'");
            };
            final MiniLmEmbedder.Variant variant = variant(model);
            final ReplyScorer.Mode mode = scoringMode(scoring);
            if (withCeiling) {
                if (hashing) {
                    throw new ConfigException("--with-ceiling measures the model's ceiling; it does not go with --embedder hashing");
                }
                if (segment < 1) {
                    throw new ConfigException("--segment must be at least 1, was " + segment);
                }
                if (!against.equals("ceiling") && !against.equals("transformers.js")) {
                    throw new ConfigException("--against must be ceiling or transformers.js, not '" + against + "'");
                }
                if (against.equals("ceiling") && kind != BenchTexts.Kind.UNIQUE && cache > 0) {
                    throw new ConfigException("--with-ceiling compares the same work: with --texts " + textKind + " the cache would spare "
                            + "the pipeline texts the ceiling embeds; use --texts unique, or --cache 0");
                }
                return interleaved(out, variant, mode, texts);
            }
            final PipelineBenchmark.Result result;
            try (Embedder e = hashing ? new HashingEmbedder(MiniLmEmbedder.DIMENSION)
                    : MiniLmEmbedder.fromClasspath(variant, MiniLmEmbedder.threadsOrDefault(threads))) {
                result = PipelineBenchmark.run(e, texts, partitions, scoring, cache);
            }
            final int cores = Runtime.getRuntime().availableProcessors();
            out.printf(Locale.ROOT, "pipeline embedder=%s scoring=" + scoring + " replies=%d partitions=%d  %.1f replies/s"
                    + " (%.1f per core on %d cores)  peak heap %d MiB (max %d MiB)%n",
                    hashing ? "hashing" : variant.id(), result.replies(), partitions, result.repliesPerSecond(),
                    result.repliesPerSecond() / cores, cores, result.peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            if (cache > 0) {
                out.printf(Locale.ROOT, "texts    %s: the model embedded %,d texts, the cache served %,d (hit rate %.3f)%n", textKind,
                        result.cacheMisses(), result.cacheHits(), (double) result.cacheHits() / (result.cacheHits() + result.cacheMisses()));
            } else {
                out.printf(Locale.ROOT, "texts    %s, the cache off%n", textKind);
            }
            out.printf(Locale.ROOT, "model    busy %.2f of the run, %d batches of %.1f replies on average, %.1f replies/s while busy%n",
                    result.modelBusy(), result.batches(), (double) result.replies() / result.batches(), result.modelRepliesPerSecond());
            if (hashing) {
                // With the model, ONNX Runtime's own threads are not Java threads, so the app's share cannot be told apart.
                out.printf(Locale.ROOT, "cpu      app threads %.1f s, whole process %.1f s (broker, compiler, GC: the rest); %,.0f replies per app CPU-second%n",
                        result.appCpuSeconds(), result.processCpuSeconds(), result.repliesPerAppCpuSecond());
                out.printf(Locale.ROOT, "         %.1f s of it inside the embedder's calls (their wall time %.1f s); everything but the model: "
                        + "%,.0f replies per app CPU-second outside them%n", result.embedderCpuSeconds(), result.embedderWallSeconds(),
                        result.repliesPerAppCpuSecondOutsideEmbedder());
            }
            out.printf(Locale.ROOT, "steady   %.1f replies/s after the first %,d replies (JIT warm-up)%n",
                    result.steadyRepliesPerSecond(), result.replies() - result.steadyReplies());
            if (hashing) {
                out.printf(Locale.ROOT, "         everything but the model: %,.0f replies per app CPU-second after warm-up%n",
                        result.steadyRepliesPerAppCpuSecondOutsideEmbedder());
            }
            // Compiling and collecting compete with the model for the same cores; a long-running app pays for compiling once.
            if (result.jvmThreadSeconds().isEmpty()) {
                out.println("jvm      compiler and GC threads not measured (needs Linux's /proc)");
            } else {
                final double compiler = result.jvmThreadSeconds().get(JvmThreadCpu.Kind.COMPILER);
                final double gc = result.jvmThreadSeconds().get(JvmThreadCpu.Kind.GC);
                final double steadyCompiler = result.steadyJvmThreadSeconds().get(JvmThreadCpu.Kind.COMPILER);
                final double steadyGc = result.steadyJvmThreadSeconds().get(JvmThreadCpu.Kind.GC);
                final double coreSeconds = result.seconds() * cores;
                final double steadyCoreSeconds = result.steadySeconds() * cores;
                out.printf(Locale.ROOT, "jvm      CPU of the JIT compilers %.1f s (%.0f%% of the run's core-seconds), of GC %.1f s (%.0f%%); "
                                + "after warm-up %.1f s (%.0f%%) and %.1f s (%.0f%%)%n",
                        compiler, 100 * compiler / coreSeconds, gc, 100 * gc / coreSeconds,
                        steadyCompiler, 100 * steadyCompiler / steadyCoreSeconds, steadyGc, 100 * steadyGc / steadyCoreSeconds);
            }
            return 0;
        }

        private int interleaved(final PrintWriter out, final MiniLmEmbedder.Variant variant, final ReplyScorer.Mode mode,
                                final List<String> texts)
                throws InterruptedException, ExecutionException {
            final int threadCount = MiniLmEmbedder.threadsOrDefault(threads);
            final boolean script = against.equals("transformers.js");
            final String name = script ? "transformers.js " + againstModel : "ceiling";
            final PipelineBenchmark.Interleaved run;
            // Only one of the two opens; try-with-resources skips a null.
            try (Embedder e = MiniLmEmbedder.fromClasspath(variant, threadCount);
                 OnnxCeiling.Session ceiling = script ? null : OnnxCeiling.Session.open(variant, threadCount);
                 TransformersJs js = script ? openScript() : null) {
                final PipelineBenchmark.Ceiling timed = script ? js : t -> ceiling.seconds(t, pipelineFlush(), mode);
                final AtomicInteger done = new AtomicInteger();
                run = PipelineBenchmark.runInterleaved(e, texts, partitions, scoring, cache, segment, timed, s -> {
                    out.printf(Locale.ROOT, "segment %2d  %,d replies, %s %s  pipeline %.1f replies/s (model busy %.2f)  %s %.1f replies/s"
                                    + "  ratio %.2f  JIT CPU %.1f s beside the pipeline, %.1f s beside the other%n", done.incrementAndGet(), s.replies(),
                            name, s.ceilingFirst() ? "first" : "after", s.replies() / s.pipelineSeconds(), s.modelSeconds() / s.pipelineSeconds(),
                            name, s.replies() / s.ceilingSeconds(), s.ratio(), s.pipelineJvmThreadSeconds().getOrDefault(JvmThreadCpu.Kind.COMPILER, Double.NaN),
                            s.ceilingJvmThreadSeconds().getOrDefault(JvmThreadCpu.Kind.COMPILER, Double.NaN));
                    out.flush();
                });
            }
            final List<PipelineBenchmark.Segment> segments = run.segments();
            final PipelineBenchmark.Interleaved steady = run.from(2);
            out.printf(Locale.ROOT, "pipeline embedder=%s scoring=%s replies=%d partitions=%d in %d segments: %.1f replies/s, model busy %.2f%n",
                    variant.id(), scoring, run.replies(), partitions, segments.size(), run.pipelineRepliesPerSecond(), run.modelBusy());
            if (script) {
                out.printf(Locale.ROOT, "%s  %.1f replies/s on the same replies, embedded whole in calls of %d, each segment next to its "
                        + "pipeline run%n", name, run.ceilingRepliesPerSecond(), TransformersJs.CALL);
            } else {
                out.printf(Locale.ROOT, "ceiling  %.1f replies/s on the same texts (%s), each segment next to its pipeline run%n",
                        run.ceilingRepliesPerSecond(), mode == ReplyScorer.Mode.SENTENCE ? "cut into the same sentences" : "whole replies");
            }
            out.printf(Locale.ROOT, "ratio    pipeline/" + (script ? "transformers.js" : "ceiling") + " = %s (all segments), %s (after the first two: JIT warm-up), "
                            + "± one standard error over the pairs of segments; single segments %.2f to %.2f, pairs %.2f to %.2f%n",
                    ratio(run), ratio(steady), segments.stream().mapToDouble(PipelineBenchmark.Segment::ratio).min().orElseThrow(),
                    segments.stream().mapToDouble(PipelineBenchmark.Segment::ratio).max().orElseThrow(),
                    run.pairs().stream().mapToDouble(PipelineBenchmark.Interleaved::ratio).min().orElseThrow(),
                    run.pairs().stream().mapToDouble(PipelineBenchmark.Interleaved::ratio).max().orElseThrow());
            return 0;
        }

        private TransformersJs openScript() {
            try {
                return TransformersJs.open(scriptDir, variant(againstModel));
            } catch (final IllegalStateException e) {
                throw new ConfigException("--against transformers.js: " + e.getMessage());
            }
        }

        static List<String> texts(final String kind, final int replies) {
            try {
                return BenchTexts.of(BenchTexts.Kind.parse(kind), replies);
            } catch (final IllegalArgumentException e) {
                throw new ConfigException("--texts: " + e.getMessage());
            }
        }

        static ReplyScorer.Mode scoringMode(final String scoring) {
            try {
                return ReplyScorer.Mode.parse(scoring);
            } catch (final IllegalArgumentException e) {
                throw new ConfigException("--scoring: " + e.getMessage());
            }
        }

        /** The ratio with its standard error, as far as the segments allow one (two pairs for the error). */
        static String ratio(final PipelineBenchmark.Interleaved run) {
            if (run.segments().isEmpty()) {
                return "none (no segments)";
            }
            final double error = run.ratioStandardError();
            return Double.isNaN(error) ? String.format(Locale.ROOT, "%.2f (no error: fewer than two pairs)", run.ratio())
                    : String.format(Locale.ROOT, "%.2f ± %.2f", run.ratio(), error);
        }
    }

    /** The app under twice the input it can take, then the input stopped: heap, lag, nothing lost. */
    @Command(name = "overload", mixinStandardHelpOptions = true,
            description = "Offer input at a multiple of the measured capacity on an embedded broker; sample heap and lag; "
                    + "check that the lag drains, every turn lands in one closed bucket and the live set (after a forced full GC "
                    + "when the input stops and after the drain) is within half the heap. Exit code 1 if not. Run with -Xmx1g.",
            footer = {"", "Examples:", "  TIDEWATCH_JAVA_OPTS=-Xmx1g ./tidewatch bench overload --duration 10m",
                    "  TIDEWATCH_JAVA_OPTS=-Xmx1g ./tidewatch bench overload --embedder model --capacity-turns 600 --duration 10m"})
    static final class Overload implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--duration", defaultValue = "10m", converter = DurationConverter.class,
                description = "How long input is offered (wall clock). Default: ${DEFAULT-VALUE}.")
        Duration duration;
        @Option(names = "--factor", defaultValue = "2", description = "Offered rate as a multiple of the capacity. Default: ${DEFAULT-VALUE}.")
        double factor;
        @Option(names = "--capacity-turns", defaultValue = "200000",
                description = "Backlog that capacity is measured on; a minute's work or more, so that start-up and JIT warm-up "
                        + "do not understate it (about 600 with the real model). Default: ${DEFAULT-VALUE}.")
        int capacityTurns;
        @Option(names = "--embedder", defaultValue = "hashing",
                description = "hashing (a trivial embedder: the most records a second) or model (the real model). Default: ${DEFAULT-VALUE}.")
        String embedder;
        @Option(names = "--model", defaultValue = "all-minilm-l6-v2", description = "Model id with --embedder model. Default: ${DEFAULT-VALUE}.")
        String model;

        @Override
        public Integer call() throws Exception {
            final PrintWriter out = spec.commandLine().getOut();
            if (factor <= 1 || capacityTurns < 1) {
                throw new ConfigException("--factor must be above 1 and --capacity-turns at least 1");
            }
            final boolean hashing = switch (embedder) {
                case "model" -> false;
                case "hashing" -> true;
                default -> throw new ConfigException("--embedder must be model or hashing, not '" + embedder + "'");
            };
            final OverloadBenchmark.Result r;
            try (Embedder e = hashing ? new HashingEmbedder(MiniLmEmbedder.DIMENSION)
                    : MiniLmEmbedder.fromClasspath(variant(model), MiniLmEmbedder.defaultThreads())) {
                r = new OverloadBenchmark(out).run(e, capacityTurns, factor, duration);
            }
            final long maxHeap = Runtime.getRuntime().maxMemory();
            final long bound = OverloadBenchmark.liveSetBound(maxHeap);
            final boolean heapOk = r.liveSetWithin(bound);
            out.printf(Locale.ROOT, "overload embedder=%s: capacity %.1f turns/s, offered %.1f turns/s (%.2fx) for %s%n",
                    hashing ? "hashing" : model, r.capacity(), r.offeredRate(), r.offeredRate() / r.capacity(), duration);
            out.printf(Locale.ROOT, "  turns offered %,d; in closed buckets %,d; dead-lettered %,d; late %,d; lost %,d%n",
                    r.offered(), r.inBuckets(), r.deadLettered(), r.lateTurns(), r.lost());
            out.printf(Locale.ROOT, "  peak lag %,d records; drained %.0f s after the input stopped%n", r.peakLag(), r.drainSeconds());
            out.printf(Locale.ROOT, "  heap: max %d MiB, peak used %d MiB, peak after the last GC %d MiB (old-generation garbage included)%n",
                    maxHeap >> 20, r.peakHeapBytes() >> 20, r.peakAfterGcBytes() >> 20);
            out.printf(Locale.ROOT, "  live set after a forced full GC: %s when the input stopped, %s after the drain; bound %d MiB "
                    + "(half the heap cap, at most half of 1 GiB)%n", mib(r.liveAtInputStopBytes()), mib(r.liveAfterDrainBytes()), bound >> 20);
            final boolean exact = r.lost() == 0 && r.lateTurns() == 0 && r.deadLettered() == 0;
            out.printf(Locale.ROOT, "nothing lost: %s; live set within %d MiB: %s; lag drained: yes%n", exact ? "yes" : "NO", bound >> 20,
                    heapOk ? "yes" : "NO");
            out.flush();
            return exact && heapOk ? 0 : 1;
        }

        private static String mib(final long bytes) {
            return bytes < 0 ? "not measured (System.gc() ran no collection: -XX:+DisableExplicitGC?)" : (bytes >> 20) + " MiB";
        }
    }

    /** Replies per flush of the score stage in the pipeline benchmark, which runs with the default settings. */
    private static int pipelineFlush() {
        return AppConfig.defaults().integer(Setting.BATCH_SIZE);
    }

    private static MiniLmEmbedder.Variant variant(final String model) {
        try {
            return MiniLmEmbedder.Variant.of(model);
        } catch (final IllegalArgumentException e) {
            throw new ConfigException("--model: " + e.getMessage());
        }
    }
}
