package org.coinfer.model;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.coinfer.api.Tensor;

/**
 * Labelled images in the IDX format of (Fashion-)MNIST, plain or gzipped, as float tensors of
 * shape [1, 1, rows, cols] scaled to [0, 1].
 */
public final class IdxDataset {
    /** Where the Debian package {@code dataset-fashion-mnist} puts the test set. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private final byte[] pixels;
    private final byte[] labels;
    private final int rows;
    private final int cols;

    private IdxDataset(byte[] pixels, byte[] labels, int rows, int cols) {
        this.pixels = pixels;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
    }

    /** The Fashion-MNIST test set (10,000 images) from the Debian package, with a clear error if it is missing. */
    public static IdxDataset fashionMnistTest() throws IOException {
        Path images = FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz");
        if (!Files.isReadable(images)) {
            throw new IOException(images + " not found: install the Debian package dataset-fashion-mnist");
        }
        return read(images, FASHION_MNIST.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    public static IdxDataset read(Path images, Path labels) throws IOException {
        try (DataInputStream img = open(images); DataInputStream lab = open(labels)) {
            int n = header(img, images, 0x803);
            int rows = img.readInt();
            int cols = img.readInt();
            int m = header(lab, labels, 0x801);
            if (n != m) {
                throw new IOException(images + " has " + n + " images but " + labels + " has " + m + " labels");
            }
            byte[] px = new byte[Math.multiplyExact(n, rows * cols)];
            img.readFully(px);
            byte[] lb = new byte[n];
            lab.readFully(lb);
            return new IdxDataset(px, lb, rows, cols);
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        return new DataInputStream(p.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in);
    }

    private static int header(DataInputStream in, Path p, int magic) throws IOException {
        int found = in.readInt();
        if (found != magic) {
            throw new IOException(p + ": not an IDX file of the expected kind: magic 0x"
                    + Integer.toHexString(magic) + " expected, found 0x" + Integer.toHexString(found));
        }
        return in.readInt();
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    public Tensor image(int i) {
        int n = rows * cols;
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (pixels[i * n + k] & 0xff) / 255f;
        }
        return Tensor.ofFloats(new long[] {1, 1, rows, cols}, v);
    }

    /** Index of the largest score: the predicted class. */
    public static int argmax(Tensor scores) {
        float[] s = scores.toFloats();
        int best = 0;
        for (int k = 1; k < s.length; k++) {
            if (s[k] > s[best]) {
                best = k;
            }
        }
        return best;
    }
}
