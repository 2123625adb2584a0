package org.coinfer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.coinfer.api.Exit;
import org.coinfer.api.ModelDescription;
import org.coinfer.model.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints what Coinfer knows of a model: identity, input, and each exit with its accuracy and cuts. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a model's id, input and exits (with a manifest next to FILE.onnx, its accuracies). Without FILE: the default model.")
final class ModelInfo implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.onnx", arity = "0..1", description = "The ONNX model; its manifest is FILE.json next to it.")
    Path file;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        LoadedModel model = file == null ? DefaultModel.load() : read(file);
        ModelDescription d = model.description();
        System.out.println(json ? json(d) : text(d));
        return 0;
    }

    static LoadedModel read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        return LoadedModel.read(file);
    }

    static String text(ModelDescription d) {
        StringBuilder sb = new StringBuilder();
        sb.append("model ").append(d.id()).append(" (sha256 ").append(d.contentHash()).append(")\n");
        sb.append("input ").append(d.input()).append('\n');
        for (Exit e : d.exits()) {
            sb.append(String.format(Locale.ROOT, "exit %d %-10s accuracy %s, %d cuts%n", e.number(), e.output(),
                    Double.isNaN(e.accuracy()) ? "not measured" : String.format(Locale.ROOT, "%.4f", e.accuracy()), e.cuts().size()));
        }
        return sb.toString().stripTrailing();
    }

    static String json(ModelDescription d) {
        StringBuilder sb = new StringBuilder("{\"id\":").append(Json.str(d.id()))
                .append(",\"sha256\":").append(Json.str(d.contentHash()))
                .append(",\"input\":{\"name\":").append(Json.str(d.input().name()))
                .append(",\"dtype\":").append(Json.str(d.input().dtype().toString().toLowerCase(Locale.ROOT)))
                .append(",\"shape\":").append(java.util.Arrays.toString(d.input().shape()).replace(" ", ""))
                .append("},\"exits\":[");
        for (Exit e : d.exits()) {
            sb.append(e.number() > 1 ? "," : "").append("{\"number\":").append(e.number())
                    .append(",\"output\":").append(Json.str(e.output()))
                    .append(",\"accuracy\":").append(Json.num(e.accuracy()))
                    .append(",\"cuts\":").append(e.cuts().size()).append('}');
        }
        return sb.append("]}").toString();
    }
}
