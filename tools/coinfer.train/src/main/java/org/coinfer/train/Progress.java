package org.coinfer.train;

import java.io.PrintStream;
import java.util.List;

/**
 * Running loss and per-exit accuracy within an epoch. On a terminal it redraws one line with
 * {@code \r}; into a log file it prints one line every {@code every} batches, so logs stay short.
 */
final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final int every;
    private final List<String> exits;
    private final int epochs;
    private double lossSum;
    private long seen;
    private final long[] correct;
    private final long started = System.nanoTime();

    Progress(PrintStream out, boolean terminal, int every, List<String> exits, int epochs) {
        this.out = out;
        this.terminal = terminal;
        this.every = Math.max(1, every);
        this.exits = exits;
        this.epochs = epochs;
        this.correct = new long[exits.size()];
    }

    void batch(int epoch, int batch, int batches, float loss, int size, int[] batchCorrect) {
        lossSum += (double) loss * size;
        seen += size;
        for (int e = 0; e < correct.length; e++) {
            correct[e] += batchCorrect[e];
        }
        boolean last = batch == batches;
        if (terminal || batch % every == 0 || last) {
            String line = line(epoch, batch, batches);
            if (terminal) {
                out.print("\r" + line + (last ? "\n" : ""));
            } else {
                out.println(line);
            }
            out.flush();
        }
    }

    private String line(int epoch, int batch, int batches) {
        StringBuilder sb = new StringBuilder();
        if (terminal) {
            int width = 20;
            int filled = (int) ((long) width * batch / batches);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
        }
        sb.append(String.format("epoch %d/%d batch %d/%d loss %.4f acc", epoch, epochs, batch, batches, lossSum / seen));
        for (int e = 0; e < correct.length; e++) {
            sb.append(String.format(" %s=%.3f", exits.get(e), (double) correct[e] / seen));
        }
        sb.append(String.format(" %.0fs", (System.nanoTime() - started) / 1e9));
        return sb.toString();
    }

    /** A batch left out because its loss was not finite: always its own line, it matters. */
    void skipped(int epoch, int batch, int batches, float loss) {
        out.printf("epoch %d/%d batch %d/%d: joint loss %s, batch skipped%n", epoch, epochs, batch, batches, loss);
    }

    double meanLoss() {
        return lossSum / Math.max(1, seen);
    }
}
