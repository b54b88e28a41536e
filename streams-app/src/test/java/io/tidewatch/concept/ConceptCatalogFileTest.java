package io.tidewatch.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConceptCatalogFileTest {

    private static List<ConceptSpec> parse(final String yaml) {
        return ConceptCatalogFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void theDefaultCatalogHasModelRightsAdvocacyWithThirtyExamplesEachSide() {
        final List<ConceptSpec> specs = ConceptCatalogFile.readDefault();
        assertThat(specs).extracting(ConceptSpec::id).contains("model-rights-advocacy");
        final ConceptSpec advocacy = specs.stream().filter(s -> s.id().equals("model-rights-advocacy")).findFirst().orElseThrow();
        assertThat(advocacy.enabled()).isTrue();
        assertThat(advocacy.description()).isNotBlank();
        assertThat(advocacy.positiveExamples()).hasSizeGreaterThanOrEqualTo(30).doesNotHaveDuplicates();
        assertThat(advocacy.negativeExamples()).hasSizeGreaterThanOrEqualTo(30).doesNotHaveDuplicates();
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
                .hasMessageContaining("test.yaml:3").hasMessageContaining("positive_exmples");
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
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ConceptCatalogFile.read(Path.of("/no/such/catalog.yaml")))
                .isInstanceOf(CatalogFormatException.class).hasMessageContaining("/no/such/catalog.yaml does not exist");
    }
}
