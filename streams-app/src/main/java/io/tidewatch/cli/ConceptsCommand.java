package io.tidewatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The concept catalog's commands: check a catalog file before publishing it, then publish it. */
@Command(name = "concepts", mixinStandardHelpOptions = true,
        description = "Check a concept catalog file, or publish it to the running apps.",
        subcommands = {ConceptsCheckCommand.class, ConceptsPublishCommand.class},
        footer = {"", "Examples:",
                "  ./tidewatch concepts check my-concepts.yaml",
                "  ./tidewatch concepts publish my-concepts.yaml --config tidewatch.properties"})
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
