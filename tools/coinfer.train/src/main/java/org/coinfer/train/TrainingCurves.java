package org.coinfer.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.coinfer.plot.Chart;
import org.coinfer.plot.Figure;

/**
 * Per-epoch progress of a run as {@code ID-training.csv} and {@code ID-training.png} (training
 * loss; test accuracy of every exit). Rewritten after each epoch, so a long run can be watched.
 */
final class TrainingCurves {
    private record Epoch(int number, double seconds, double loss, double[] accuracy) {
    }

    private final String id;
    private final List<String> exits;
    private final List<Epoch> epochs = new ArrayList<>();

    TrainingCurves(String id, List<String> exits) {
        this.id = id;
        this.exits = List.copyOf(exits);
    }

    void add(int epoch, double seconds, double loss, double[] accuracy) {
        epochs.add(new Epoch(epoch, seconds, loss, accuracy.clone()));
    }

    String csv() {
        StringBuilder sb = new StringBuilder("epoch,seconds,train_loss");
        exits.forEach(e -> sb.append(",test_accuracy_").append(e));
        sb.append('\n');
        for (Epoch e : epochs) {
            sb.append(String.format(Locale.ROOT, "%d,%.1f,%.5f", e.number, e.seconds, e.loss));
            for (double a : e.accuracy) {
                sb.append(String.format(Locale.ROOT, ",%.4f", a));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    Figure figure() {
        Chart loss = new Chart("Joint training loss").xLabel("epoch").yLabel("loss").integerX().noLegend();
        var l = loss.series("train loss");
        epochs.forEach(e -> l.add(e.number, e.loss));
        Chart acc = new Chart("Test accuracy per exit").xLabel("epoch").yLabel("top-1 accuracy").integerX();
        for (int i = 0; i < exits.size(); i++) {
            var s = acc.series(exits.get(i));
            for (Epoch e : epochs) {
                s.add(e.number, e.accuracy[i]);
            }
        }
        return Figure.of(loss, acc).title("Training " + id);
    }

    /** Writes OUT/ID-training.csv and .png; returns the PNG's path. */
    Path write(Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve(id + "-training.csv"), csv(), StandardCharsets.UTF_8);
        return figure().write(out.resolve(id + "-training.png"));
    }
}
