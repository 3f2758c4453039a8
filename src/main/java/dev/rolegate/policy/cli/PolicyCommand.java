package dev.rolegate.policy.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code policy}: the command line over policy files, run as
 * {@code java -jar target/quarkus-app/quarkus-run.jar policy <command> ...} (no Quarkus, no
 * database: {@code RolegateMain} dispatches here first). Subcommands {@code validate},
 * {@code test}, {@code diff} and {@code plan}; usage in {@code docs/policy-cli.md}.
 *
 * <p>Exit codes, the same for every subcommand: {@link #OK} 0 (clean), {@link #FINDINGS} 1
 * (a problem, a failed policy test or a difference), {@link #USAGE} 2 (the command could not
 * run: bad arguments, a missing or unreadable input, an export that is not valid JSON, or an
 * internal error).
 */
@Command(name = PolicyCommand.NAME,
        description = "Validate policy files, run policy tests and compare a template with an account export.",
        subcommands = {ValidateCommand.class, TestCommand.class, DiffCommand.class, PlanCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:clean", "1:problems, failed policy tests or differences found",
            "2:the command could not run (bad arguments, unreadable input)"},
        footer = "%nDocumentation: docs/policy-cli.md")
public final class PolicyCommand implements Callable<Integer> {

    /** The first argument that selects this command line instead of the service. */
    public static final String NAME = "policy";
    /** Exit code: nothing found. */
    public static final int OK = 0;
    /** Exit code: problems, failed policy tests or differences found. */
    public static final int FINDINGS = 1;
    /** Exit code: the command could not run. */
    public static final int USAGE = 2;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: validate, test or diff");
    }

    /**
     * Runs {@code policy <args>} with UTF-8 stdout and stderr and exits the JVM with its exit
     * code. {@code args} excludes the word {@code policy} itself.
     */
    public static void main(String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(out, err, args));
    }

    /**
     * Runs {@code policy <args>} in-process: reports and help go to {@code out}, usage errors to
     * {@code err}. Never exits the JVM.
     *
     * @return the exit code: {@link #OK}, {@link #FINDINGS} or {@link #USAGE}
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new PolicyCommand())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(PolicyCommand::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd));
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** A short message and where help is, instead of picocli's full usage text. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        return USAGE;
    }

    /** An input that could not be read, or a bug: exit 2, never 1, so CI never reads it as a finding. */
    private static int failure(Exception e, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        if (e instanceof UncheckedIOException || e instanceof IOException) {
            Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            err.println("error: cannot read " + cause.getMessage());
        } else {
            err.println("error: internal error: " + e);
            e.printStackTrace(err);
        }
        return USAGE;
    }

    /** {@code -h}/{@code --help} on every command. */
    static final class HelpOption {
        @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;
    }

    /** {@code --format text|json|github} of {@code validate} and {@code test}. */
    static final class FormatOption {
        @CommandLine.Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                description = "text, json or github (annotations for GitHub Actions). Default: ${DEFAULT-VALUE}.")
        OutputFormat format;
    }
}
