package org.coinfer.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.coinfer.model.IdxDataset;

/**
 * Fashion-MNIST from the IDX files of the Debian package {@code dataset-fashion-mnist}, held as
 * one flat float array per split, preprocessed exactly as the runtime feeds the model
 * ({@link IdxDataset#image}: {@code [1, 1, 28, 28]} floats, pixel / 255, no mean or std).
 */
public final class FashionMnist {
    public static final Path DEFAULT_DIR = IdxDataset.FASHION_MNIST;
    /** Images are SIDE x SIDE pixels. */
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final String PREPROCESSING = "grayscale pixels as float32 in NCHW [N,1,28,28], value = byte / 255 (range [0,1]); no mean/std normalisation";

    private final float[] images;
    private final float[] labels;

    private FashionMnist(IdxDataset d, int limit) {
        int n = limit > 0 ? Math.min(limit, d.size()) : d.size();
        images = new float[n * PIXELS];
        labels = new float[n];
        for (int i = 0; i < n; i++) {
            float[] px = d.image(i).toFloats();
            if (px.length != PIXELS) {
                throw new IllegalStateException("expected 28x28 images, found " + px.length + " pixels");
            }
            System.arraycopy(px, 0, images, i * PIXELS, PIXELS);
            labels[i] = d.label(i);
        }
    }

    /** The first {@code limit} training images (all 60,000 when {@code limit <= 0}). */
    public static FashionMnist train(Path dir, int limit) throws IOException {
        return load(dir, "train", limit);
    }

    public static FashionMnist test(Path dir, int limit) throws IOException {
        return load(dir, "t10k", limit);
    }

    private static FashionMnist load(Path dir, String split, int limit) throws IOException {
        Path images = dir.resolve(split + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(split + "-labels-idx1-ubyte.gz");
        for (Path p : new Path[] {images, labels}) {
            if (!Files.isReadable(p)) {
                throw new IOException(p + " not found: install the Debian package dataset-fashion-mnist"
                        + " (apt-get install dataset-fashion-mnist)");
            }
        }
        return new FashionMnist(IdxDataset.read(images, labels), limit);
    }

    public int size() {
        return labels.length;
    }

    /** Images {@code order[from..to)} as one {@code [to-from, 1, 28, 28]} buffer. */
    public float[] images(int[] order, int from, int to) {
        float[] out = new float[(to - from) * PIXELS];
        for (int i = from; i < to; i++) {
            System.arraycopy(images, order[i] * PIXELS, out, (i - from) * PIXELS, PIXELS);
        }
        return out;
    }

    public float[] labels(int[] order, int from, int to) {
        float[] out = new float[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = labels[order[i]];
        }
        return out;
    }

    public int label(int i) {
        return (int) labels[i];
    }

    /** 0, 1, ..., size-1: the test set's fixed order. */
    public int[] identity() {
        int[] o = new int[size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        return o;
    }
}
