package org.coinfer.plot;

import java.awt.Color;
import java.util.List;

/** The colours series get by default, and lighter shades of them for related series. */
public final class Palette {
    /** Distinct colours that read well on white; no grey, which reference lines use. */
    private static final List<Color> COLORS = List.of(
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0xbcbd22), new Color(0x17becf));

    private Palette() {
    }

    /** The {@code i}-th colour, repeating after {@link #size()}. */
    public static Color color(int i) {
        return COLORS.get(Math.floorMod(i, COLORS.size()));
    }

    public static int size() {
        return COLORS.size();
    }

    /** {@code c} mixed with white: 0 leaves it, 1 makes it white. */
    public static Color lighter(Color c, double amount) {
        if (!(amount >= 0 && amount <= 1)) {
            throw new IllegalArgumentException("amount must be within [0, 1]: " + amount);
        }
        return new Color(mix(c.getRed(), amount), mix(c.getGreen(), amount), mix(c.getBlue(), amount));
    }

    private static int mix(int channel, double amount) {
        return (int) Math.round(channel + (255 - channel) * amount);
    }
}
