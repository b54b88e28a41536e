package io.tidewatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The concept catalog's commands: check a catalog file before publishing it, then publish it. */
@Command(name = "concepts", mixinStandardHelpOptions = true,
        description = "Check a concept catalog file, publish it to the running apps, or draft a concept from an alert.",
        subcommands = {ConceptsCheckCommand.class, ConceptsPublishCommand.class, ConceptsDraftCommand.class},
        footer = {"", "Examples:",
                "  ./tidewatch concepts check my-concepts.yaml",
                "  ./tidewatch concepts publish my-concepts.yaml --config tidewatch.properties",
                "  ./tidewatch concepts draft --from-alert ALERT_ID --alerts alerts.jsonl --input turns.jsonl --out drafted.yaml"})
final class ConceptsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: show what there is, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
