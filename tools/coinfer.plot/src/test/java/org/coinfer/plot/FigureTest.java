package org.coinfer.plot;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FigureTest {
    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    private static final Color MINE = new Color(0x12, 0x34, 0x56);

    private static Chart latency() {
        Chart c = new Chart("latency").xLabel("bandwidth (Mbit/s)").yLabel("ms").logX().logY();
        Series a = c.series("measured");
        Series p = c.series("predicted").like(a).dashed();
        double[] bw = {0.05, 0.25, 1, 2, 10};
        for (double b : bw) {
            a.add(b, 20 + 30 / b);
            p.add(b, 18 + 28 / b);
        }
        c.series("other").color(MINE).add(0.05, 50).add(1, Double.NaN).add(10, 60);
        c.horizontalLine(100, "deadline 100 ms");
        return c;
    }

    private static long count(BufferedImage img, Color c) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff) ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    public void aWrittenPngReadsBackAtItsSizeWithTheSeriesColours() throws IOException {
        Chart cut = new Chart("cut").logX().integerY().dodge(4);
        cut.series("device").add(1, 23).add(10, 23);
        cut.series("edge").add(1, 0).add(10, 0);
        Path png = Figure.of(latency(), cut).title("two panels").write(dir.getRoot().toPath().resolve("f.png"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1400, img.getWidth());
        assertEquals(600, img.getHeight());
        assertTrue("not all white", count(img, Color.WHITE) < 1400L * 600);
        assertTrue("first palette colour drawn", count(img, Palette.color(0)) > 50);
        assertTrue("a set colour drawn", count(img, MINE) > 20);
        assertTrue("second series of the second chart drawn", count(img, Palette.color(1)) > 50);
    }

    @Test
    public void aSharedLegendNamesEachSeriesOnceAsInItsFirstChart() {
        Chart a = latency();
        Chart b = new Chart("b");
        b.series("other").color(Color.BLACK).add(1, 1);
        b.series("only in b").add(1, 2);
        Figure f = Figure.of(a, b).sharedLegend();
        assertEquals(List.of("measured", "predicted", "other", "only in b"),
                f.legendItems().stream().map(LegendItem::getLabel).toList());
        assertEquals(MINE, f.legendItems().get(2).getFillPaint());
        BufferedImage img = f.render();
        assertTrue(count(img, Palette.color(1)) > 20);
    }

    @Test
    public void lighterShadesMixWithWhite() {
        assertEquals(new Color(0x80, 0x80, 0xff), Palette.lighter(new Color(0, 0, 0xff), 0.5));
        assertEquals(Color.WHITE, Palette.lighter(Palette.color(3), 1));
        assertEquals(Palette.color(0), Palette.color(Palette.size()));
    }

    @Test
    public void sizeIsTheCallersChoice() throws IOException {
        Path png = Figure.of(latency()).size(500, 300).write(dir.getRoot().toPath().resolve("s.png"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(500, img.getWidth());
        assertEquals(300, img.getHeight());
    }

    @Test
    public void allEqualValuesAndPointsALogAxisCannotShowStillDraw() {
        Chart c = new Chart("flat").logY();
        c.series("s").add(1, 5).add(2, 5).add(3, 0).add(4, 5);
        BufferedImage img = Figure.of(c).render();
        assertTrue(count(img, Palette.color(0)) > 20);
    }

    @Test
    public void aLogAxisFromBelowOneToAboveItHasTicksAtPowersOfTwo() {
        Chart c = new Chart("sweep").logX().logY();
        for (double b : new double[] {0.05, 0.107, 0.227, 0.484, 1.032, 2.2, 4.7, 10}) {
            c.series("s").add(b, 600 / b);
        }
        BufferedImage img = new BufferedImage(700, 600, BufferedImage.TYPE_INT_RGB);
        JFreeChart jf = c.build(true);
        ChartRenderingInfo info = new ChartRenderingInfo();
        jf.draw(img.createGraphics(), new Rectangle2D.Double(0, 0, 700, 600), info);
        ValueAxis x = jf.getXYPlot().getDomainAxis();
        List<?> ticks = x.refreshTicks(img.createGraphics(), new AxisState(),
                info.getPlotInfo().getDataArea(), RectangleEdge.BOTTOM);
        assertEquals("0.0625 to 8", 8, ticks.size());
        assertEquals(1.0, ((ValueTick) ticks.get(4)).getValue(), 1e-12);
    }

    @Test
    public void aChartWithoutSeriesIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Figure.of(new Chart("empty")).render());
        assertEquals("chart 'empty': no series", e.getMessage());
    }

    @Test
    public void aChartWithNothingDrawableIsAClearError() {
        Chart c = new Chart("nan");
        c.series("s").add(Double.NaN, 1).add(2, Double.POSITIVE_INFINITY);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Figure.of(c).render());
        assertTrue(e.getMessage(), e.getMessage().startsWith("chart 'nan': no point to draw"));
    }

    @Test
    public void misuseIsRefused() {
        assertThrows(IllegalArgumentException.class, Figure::of);
        assertThrows(IllegalArgumentException.class, () -> Figure.of(latency()).size(50, 50));
        Chart a = new Chart("a");
        Series s = a.series("s");
        assertThrows(IllegalArgumentException.class, () -> new Chart("b").series("t").like(s));
        assertThrows(IllegalArgumentException.class, () -> s.like(s));
    }

    @Test
    public void aMissingFolderIsNamed() {
        Path png = dir.getRoot().toPath().resolve("no/such/f.png");
        IOException e = assertThrows(IOException.class, () -> Figure.of(latency()).write(png));
        assertEquals(png + ": cannot write: no folder " + png.getParent(), e.getMessage());
    }
}
