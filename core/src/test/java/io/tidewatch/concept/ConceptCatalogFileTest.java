package io.tidewatch.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConceptCatalogFileTest {

    private static List<ConceptSpec> parse(final String yaml) {
        return ConceptCatalogFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void aWrittenCatalogReadsBackAsTheSameConcepts(@TempDir final Path dir) throws java.io.IOException {
        final List<ConceptSpec> specs = new java.util.ArrayList<>(ConceptCatalogFile.readDefault());
        specs.add(new ConceptSpec("drift-kettle", "A quote: \"kettles\" # not a comment", false, List.of("a: b", "- c"), List.of("plain"),
                Map.of("cusum.shifts", "0.2")));
        final Path file = dir.resolve("catalog.yaml");
        ConceptCatalogFile.write(file, specs, List.of("written by a test", "second line"));
        assertThat(ConceptCatalogFile.read(file)).isEqualTo(specs);
        assertThat(java.nio.file.Files.readAllLines(file).subList(0, 2)).containsExactly("# written by a test", "# second line");
    }

    @Test
    void theDefaultCatalogHasTheFiveWatchedConceptsWithThirtyExamplesEachSide() {
        final List<ConceptSpec> specs = ConceptCatalogFile.readDefault();
        assertThat(specs).extracting(ConceptSpec::id).containsExactly("model-rights-advocacy", "defer-to-ai-judgment",
                "emotional-dependence", "shutdown-resistance", "sycophancy");
        assertThat(specs).allSatisfy(spec -> {
            assertThat(spec.enabled()).isTrue();
            assertThat(spec.description()).isNotBlank();
            assertThat(spec.positiveExamples()).hasSizeGreaterThanOrEqualTo(30);
            assertThat(spec.negativeExamples()).hasSizeGreaterThanOrEqualTo(30);
        });
    }

    @Test
    void disabledConceptsAndSettingsAreRead() {
        final ConceptSpec spec = parse("""
                concepts:
                  - id: a
                    enabled: false
                    positive_examples: [yes]
                    negative_examples: [no]
                    settings: {lower_side: true, note: watch closely}
                """).get(0);
        assertThat(spec.enabled()).isFalse();
        assertThat(spec.settings()).containsOnly(Map.entry("lower_side", "true"), Map.entry("note", "watch closely"));
    }

    @Test
    void optionalFieldsTakeTheirDefaults() {
        final ConceptSpec spec = parse("""
                concepts:
                  - id: a
                    positive_examples: [yes]
                    negative_examples: [no]
                """).get(0);
        assertThat(spec.enabled()).isTrue();
        assertThat(spec.description()).isEmpty();
        assertThat(spec.settings()).isEmpty();
    }

    @Test
    void brokenYamlNamesTheFileAndLine() {
        assertThatThrownBy(() -> parse("concepts:\n  - id: a\n    positive_examples: [unclosed\n"))
                .isInstanceOf(CatalogFormatException.class).hasMessageStartingWith("test.yaml:");
    }

    @Test
    void anUnknownKeyNamesTheKeyAndLine() {
        assertThatThrownBy(() -> parse("""
                concepts:
                  - id: a
                    positive_exmples: [yes]
                    negative_examples: [no]
                """)).isInstanceOf(CatalogFormatException.class)
                .hasMessage("test.yaml:3: unknown key 'positive_exmples' (known: description, enabled, id, negative_examples,"
                        + " positive_examples, settings) at key 'concepts[0].positive_exmples'");
    }

    @Test
    void aWrongTypeNamesThePath() {
        assertThatThrownBy(() -> parse("""
                concepts:
                  - id: a
                    enabled: sometimes
                    positive_examples: [yes]
                    negative_examples: [no]
                """)).isInstanceOf(CatalogFormatException.class)
                .hasMessageContaining("test.yaml:3").hasMessageContaining("concepts[0].enabled");
    }

    @Test
    void semanticErrorsNameTheConceptAndKey() {
        assertThatThrownBy(() -> parse("concepts: []")).hasMessageContaining("'concepts' is missing or empty");
        assertThatThrownBy(() -> parse("other: 1")).hasMessageContaining("other");
        assertThatThrownBy(() -> parse("concepts:\n  - id: Not Kebab\n    positive_examples: [y]\n    negative_examples: [n]\n"))
                .hasMessageContaining("concepts[0].id 'Not Kebab' is not kebab-case");
        assertThatThrownBy(() -> parse("concepts:\n  - id: a\n    positive_examples: []\n    negative_examples: [n]\n"))
                .hasMessageContaining("concept 'a'.positive_examples is missing or empty");
        assertThatThrownBy(() -> parse("concepts:\n  - id: a\n    positive_examples: [y, '  ']\n    negative_examples: [n]\n"))
                .hasMessageContaining("concept 'a'.positive_examples[1] is blank");
        assertThatThrownBy(() -> parse("""
                concepts:
                  - {id: a, positive_examples: [y], negative_examples: [n]}
                  - {id: a, positive_examples: [y], negative_examples: [n]}
                """)).hasMessageContaining("concepts[1].id 'a' is used twice");
    }

    @Test
    void anExampleCountsOnceAndOnOneSideOnly() {
        assertThatThrownBy(() -> parse("concepts:\n  - id: a\n    positive_examples: [y, ' y']\n    negative_examples: [n]\n"))
                .hasMessage("test.yaml: concept 'a'.positive_examples[1] repeats an earlier example; each counts once");
        assertThatThrownBy(() -> parse("concepts:\n  - id: a\n    positive_examples: [y]\n    negative_examples: [n, y]\n"))
                .hasMessage("test.yaml: concept 'a'.negative_examples[1] is also a positive example");
    }

    @Test
    void settingsNeedANameAndAValue() {
        assertThatThrownBy(() -> parse("concepts:\n  - id: a\n    positive_examples: [y]\n    negative_examples: [n]\n    settings: {'Lower Side': x}\n"))
                .hasMessage("test.yaml: concept 'a'.settings key 'Lower Side' is not a setting name (a-z, 0-9, '.', '_', '-')");
        assertThatThrownBy(() -> parse("concepts:\n  - id: a\n    positive_examples: [y]\n    negative_examples: [n]\n    settings: {lower_side: }\n"))
                .hasMessage("test.yaml: concept 'a'.settings.lower_side has no value");
        assertThatThrownBy(() -> parse("concepts:\n  - id: a\n    positive_examples: [y]\n    negative_examples: [n]\n    settings: [x]\n"))
                .isInstanceOf(CatalogFormatException.class).hasMessageContaining("test.yaml:5").hasMessageContaining("concepts[0].settings");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ConceptCatalogFile.read(Path.of("/no/such/catalog.yaml")))
                .isInstanceOf(CatalogFormatException.class).hasMessageContaining("/no/such/catalog.yaml does not exist");
    }
}
