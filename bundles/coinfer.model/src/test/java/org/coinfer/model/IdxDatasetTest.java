package org.coinfer.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.coinfer.api.DType;
import org.coinfer.api.Tensor;
import org.coinfer.api.TensorSpec;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class IdxDatasetTest {
    private static final int IMAGES = 0x803;
    private static final int LABELS = 0x801;
    /** Two 2x3 images. */
    private static final byte[] PIXELS = {0, 51, (byte) 255, 102, 0, 0, /* second */ 0, 0, 0, 0, (byte) 204, 0};
    private static final byte[] LABEL_BYTES = {7, 2};

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path idx(String name, int magic, int count, int[] dims, byte[] body) throws IOException {
        Path p = tmp.getRoot().toPath().resolve(name);
        OutputStream raw = Files.newOutputStream(p);
        try (DataOutputStream out = new DataOutputStream(name.endsWith(".gz") ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(magic);
            out.writeInt(count);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(body);
        }
        return p;
    }

    private IdxDataset write(String suffix) throws IOException {
        return IdxDataset.read(idx("img" + suffix, IMAGES, 2, new int[] {2, 3}, PIXELS),
                idx("lab" + suffix, LABELS, 2, new int[0], LABEL_BYTES));
    }

    private static void assertTwoImages(IdxDataset d) {
        assertEquals(2, d.size());
        assertEquals(7, d.label(0));
        assertEquals(2, d.label(1));
        Tensor first = d.image(0);
        assertArrayEquals(new long[] {1, 1, 2, 3}, first.shape());
        assertArrayEquals(new float[] {0f, 0.2f, 1f, 0.4f, 0f, 0f}, first.toFloats(), 1e-6f);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f, 0.8f, 0f}, d.image(1).toFloats(), 1e-6f);
    }

    @Test
    public void readsPlainFiles() throws IOException {
        assertTwoImages(write(""));
    }

    @Test
    public void readsGzippedFiles() throws IOException {
        assertTwoImages(write(".gz"));
    }

    @Test
    public void argmaxIsTheIndexOfTheLargestScore() throws IOException {
        assertEquals(2, IdxDataset.argmax(Tensor.ofFloats(new long[] {1, 4}, new float[] {-1f, 0.5f, 3f, 2.9f})));
        assertEquals(0, IdxDataset.argmax(Tensor.ofFloats(new long[] {1, 3}, new float[] {4f, 4f, -4f})));
        assertEquals(4, IdxDataset.argmax(write("").image(1)));
    }

    @Test
    public void wrongMagicNumberNamesTheFile() throws IOException {
        Path labels = idx("labels", LABELS, 2, new int[0], LABEL_BYTES);
        Path swapped = idx("swapped", LABELS, 2, new int[0], LABEL_BYTES);
        IOException e = assertThrows(IOException.class, () -> IdxDataset.read(swapped, labels));
        assertTrue(e.getMessage(), e.getMessage().startsWith(swapped + ": not an IDX file"));
        assertTrue(e.getMessage(), e.getMessage().contains("0x803 expected, found 0x801"));
    }

    @Test
    public void mismatchedCountsNameBothFiles() throws IOException {
        Path images = idx("images", IMAGES, 2, new int[] {2, 3}, PIXELS);
        Path labels = idx("labels", LABELS, 3, new int[0], new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> IdxDataset.read(images, labels));
        assertEquals(images + " has 2 images but " + labels + " has 3 labels", e.getMessage());
    }

    @Test
    public void fashionMnistTestSetLoadsOrNamesTheDebianPackage() throws IOException {
        if (Files.isDirectory(IdxDataset.FASHION_MNIST)) {
            IdxDataset d = IdxDataset.fashionMnistTest();
            assertEquals(10_000, d.size());
            assertArrayEquals(new long[] {1, 1, 28, 28}, d.image(9_999).shape());
        } else {
            IOException e = assertThrows(IOException.class, IdxDataset::fashionMnistTest);
            assertTrue(e.getMessage(), e.getMessage().contains("dataset-fashion-mnist"));
        }
    }

    @Test
    public void testImagesServeAnInputWithAnUnknownBatchDimensionAndNoOtherShape() {
        TensorSpec mnist = new TensorSpec("x", DType.FLOAT32, new long[] {-1, 1, 28, 28});
        assertEquals("installed, and fits an input whose batch is unknown", Files.isDirectory(IdxDataset.FASHION_MNIST),
                Inputs.testImages(mnist).isPresent());
        assertTrue("never for an input of another size",
                Inputs.testImages(new TensorSpec("x", DType.FLOAT32, new long[] {1, 3, 32, 32})).isEmpty());
    }
}
