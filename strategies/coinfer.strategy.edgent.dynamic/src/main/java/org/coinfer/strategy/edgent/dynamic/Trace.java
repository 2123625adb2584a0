package org.coinfer.strategy.edgent.dynamic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A measured throughput trace: one sample a line, the time since the trace began in seconds
 * and the throughput in Mbit/s over the interval that ends there, separated by white space
 * (the "cooked" form of the HSDPA commute traces).
 *
 * @param name the file name without its extension
 */
public record Trace(String name, double[] seconds, double[] mbps) {
    public Trace {
        if (seconds.length == 0 || seconds.length != mbps.length) {
            throw new IllegalArgumentException("trace " + name + ": expected one or more samples, each a time and a rate");
        }
        seconds = seconds.clone();
        mbps = mbps.clone();
    }

    /** Reads a trace; a line that is not two numbers, a time that goes back or a negative rate is an error naming file and line. */
    public static Trace read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        double[] t = new double[lines.size()];
        double[] r = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            try {
                if (f.length != 2) {
                    throw new NumberFormatException();
                }
                t[n] = Double.parseDouble(f[0]);
                r[n] = Double.parseDouble(f[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected two numbers, seconds and Mbit/s, found '" + line + "'");
            }
            if (!(r[n] >= 0) || !Double.isFinite(r[n])) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected a rate of at least 0 Mbit/s, found " + f[1]);
            }
            if (!Double.isFinite(t[n]) || (n > 0 && !(t[n] > t[n - 1]))) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected a time after the previous sample's "
                        + (n > 0 ? t[n - 1] : 0) + " s, found " + f[0]);
            }
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException(file + ": no samples");
        }
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return new Trace(name, Arrays.copyOf(t, n), Arrays.copyOf(r, n));
    }

    /** Seconds from the trace's start to its last sample. */
    public double duration() {
        return seconds[seconds.length - 1];
    }

    /** The rate at {@code t} seconds: that of the sample whose interval holds it; the last one's after the end. */
    public double rateAt(double t) {
        int i = Arrays.binarySearch(seconds, t);
        int at = i >= 0 ? i : Math.min(-i - 1, seconds.length - 1);
        return mbps[at];
    }

    /**
     * The part of the trace a replay of its first {@code s} seconds sees: every sample whose
     * interval begins before {@code s}; the whole trace when it is no longer.
     */
    public Trace head(double s) {
        int n = 1;
        while (n < seconds.length && seconds[n - 1] < s) {
            n++;
        }
        return new Trace(name, Arrays.copyOf(seconds, n), Arrays.copyOf(mbps, n));
    }

    /** The median of the samples' rates (each sample one vote: they are about evenly spaced). */
    public double median() {
        double[] s = mbps.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trace t && t.name.equals(name) && Arrays.equals(t.seconds, seconds) && Arrays.equals(t.mbps, mbps);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(mbps);
    }

    @Override
    public String toString() {
        return "Trace[" + name + ", " + seconds.length + " samples over " + duration() + " s]";
    }
}
