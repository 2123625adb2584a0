package org.coinfer.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.coinfer.api.Exit;
import org.coinfer.api.ModelDescription;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.json.JsonWriter;
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
        LoadedModel model = file == null ? DefaultModel.load() : LoadedModel.read(Main.existing(file));
        ModelDescription d = model.description();
        System.out.println(json ? json(d) : text(d));
        return 0;
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
        List<Object> exits = d.exits().stream().<Object>map(e -> ModelCheck.ordered("number", e.number(), "output", e.output(),
                "accuracy", e.accuracy(), "cuts", e.cuts().size())).toList();
        return JsonWriter.compact(ModelCheck.ordered("id", d.id(), "sha256", d.contentHash(),
                "input", ModelCheck.ordered("name", d.input().name(), "dtype", d.input().dtype().toString().toLowerCase(Locale.ROOT),
                        "shape", Arrays.stream(d.input().shape()).boxed().toList()),
                "exits", exits));
    }
}
