package org.coinfer.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Random;
import org.coinfer.api.Tensor;
import org.coinfer.model.IdxDataset;

/** Test images with labels when the dataset is installed, seeded random inputs otherwise. */
record Inputs(IdxDataset data, Random random) {
    static Inputs load(PrintStream out) {
        try {
            IdxDataset d = IdxDataset.fashionMnistTest();
            out.println("inputs: Fashion-MNIST test images (" + d.size() + ")");
            return new Inputs(d, null);
        } catch (IOException e) {
            out.println("inputs: random images, so no accuracy (" + e.getMessage() + ")");
            return new Inputs(null, new Random(42));
        }
    }

    Tensor image(int i) {
        if (data != null) {
            return data.image(i % data.size());
        }
        float[] v = new float[28 * 28];
        for (int k = 0; k < v.length; k++) {
            v[k] = random.nextFloat();
        }
        return Tensor.ofFloats(new long[] {1, 1, 28, 28}, v);
    }

    /** 1 or 0 when the label is known, NaN otherwise. */
    double correct(int i, Tensor scores) {
        return data == null ? Double.NaN : IdxDataset.argmax(scores) == data.label(i % data.size()) ? 1 : 0;
    }
}
