package org.coinfer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code coinfer model ...} (tools that work on ONNX files outside a container),
 * {@code coinfer profile} and {@code coinfer plan} (measure a host, plan what-if from the
 * measurements) and {@code coinfer plot ...} (results drawn as PNG).
 */
@Command(name = "coinfer", subcommands = {Main.Model.class, Main.Plot.class, Main.Predictor.class, ProfileHost.class, PlanWhatIf.class,
        DynamicMap.class},
        mixinStandardHelpOptions = true, description = "Coinfer model, profiling, planning and result tools.")
public final class Main {
    @Command(name = "model", subcommands = {ModelCheck.class, ModelInfo.class, ModelEvaluate.class}, mixinStandardHelpOptions = true,
            description = "Inspect and check multi-exit ONNX models.")
    static final class Model {
    }

    @Command(name = "predictor", subcommands = {PredictorReport.class}, mixinStandardHelpOptions = true,
            description = "How well the per-layer latency regression predicts models it was not fitted on.")
    static final class Predictor {
    }

    @Command(name = "plot", subcommands = {PlotDemo.class, PlotReplay.class, PlotExperiment.class}, mixinStandardHelpOptions = true,
            description = "Draw results as PNG.")
    static final class Plot {
    }

    /** The file itself, or a one-line error naming it when it is not there. */
    static java.nio.file.Path existing(java.nio.file.Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        return file;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // Bad input is reported in one line; only a bug shows a stack trace.
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("coinfer: " + e.getMessage());
            return 2;
        });
        return cl.execute(args);
    }
}
