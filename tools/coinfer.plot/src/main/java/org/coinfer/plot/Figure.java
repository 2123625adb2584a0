package org.coinfer.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.Size2D;
import org.jfree.data.Range;

/** One image of 1..n charts side by side, with an optional title over them all; written as PNG. */
public final class Figure {
    static {
        // Drawing into an image needs no display; without this AWT may look for one on some systems.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    public static final int PANEL_WIDTH = 700;
    public static final int HEIGHT = 600;

    private final List<Chart> charts;
    private int width;
    private int height = HEIGHT;
    private String title = "";
    private boolean sharedLegend;

    private Figure(List<Chart> charts) {
        this.charts = charts;
        this.width = PANEL_WIDTH * charts.size();
    }

    /** The charts left to right; the figure is {@value #PANEL_WIDTH} pixels wide per chart and {@value #HEIGHT} high unless sized. */
    public static Figure of(Chart... charts) {
        if (charts.length == 0) {
            throw new IllegalArgumentException("a figure needs at least one chart");
        }
        for (Chart c : charts) {
            Objects.requireNonNull(c, "chart");
        }
        return new Figure(List.of(charts));
    }

    public Figure size(int width, int height) {
        if (width < 200 * charts.size() || height < 200) {
            throw new IllegalArgumentException("figure of " + width + "x" + height + " pixels is too small for "
                    + charts.size() + " chart(s): at least 200x200 each");
        }
        this.width = width;
        this.height = height;
        return this;
    }

    public Figure title(String title) {
        this.title = Objects.requireNonNull(title, "title");
        return this;
    }

    /**
     * One legend under all the charts instead of one under each, for panels that show the same
     * series: every name once, looking as in the first chart that has it.
     */
    public Figure sharedLegend() {
        this.sharedLegend = true;
        return this;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public BufferedImage render() {
        List<JFreeChart> built = charts.stream().map(c -> c.build(!sharedLegend)).toList();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            double top = 0;
            if (!title.isEmpty()) {
                TextTitle t = new TextTitle(title, Chart.TITLE);
                t.setPaint(Chart.INK);
                top = place(g, t, 8);
            }
            double bottom = height;
            if (sharedLegend) {
                LegendItemCollection items = new LegendItemCollection();
                legendItems(built).forEach(items::add);
                bottom = height - place(g, Chart.legend(() -> items), height - 8.0);
            }
            for (int i = 0; i < built.size(); i++) {
                // Integer edges from i * width / n, so panels tile the width without gaps.
                int x0 = i * width / built.size();
                int x1 = (i + 1) * width / built.size();
                built.get(i).draw(g, new Rectangle2D.Double(x0, top, x1 - x0, bottom - top));
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Draws {@code block} centred, its top at {@code y} (or its bottom, when {@code y} is past the
     * middle of the figure), and returns the height it took from that edge.
     */
    private double place(Graphics2D g, Title block, double y) {
        Size2D size = block.arrange(g, new RectangleConstraint(new Range(0, width - 40.0), new Range(0, height / 2.0)));
        double top = y > height / 2.0 ? y - size.height : y;
        block.draw(g, new Rectangle2D.Double((width - size.width) / 2, top, size.width, size.height));
        return y > height / 2.0 ? height - top : top + size.height;
    }

    /** Every series name once, looking as in the first chart that has it. */
    List<LegendItem> legendItems() {
        return legendItems(charts.stream().map(c -> c.build(false)).toList());
    }

    private static List<LegendItem> legendItems(List<JFreeChart> built) {
        Map<String, LegendItem> items = new LinkedHashMap<>();
        for (JFreeChart c : built) {
            LegendItemCollection all = c.getXYPlot().getLegendItems();
            for (int i = 0; i < all.getItemCount(); i++) {
                items.putIfAbsent(all.get(i).getLabel(), all.get(i));
            }
        }
        return new ArrayList<>(items.values());
    }

    /** Renders and writes the figure as PNG to {@code png}, whose folder must exist. */
    public Path write(Path png) throws IOException {
        BufferedImage image = render();
        try (OutputStream out = Files.newOutputStream(png)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException(png + ": this Java has no PNG writer");
            }
        } catch (NoSuchFileException e) {
            throw new IOException(png + ": cannot write: no folder " + png.toAbsolutePath().getParent(), e);
        } catch (AccessDeniedException e) {
            throw new IOException(png + ": cannot write: permission denied", e);
        }
        return png;
    }
}
