package org.coinfer.engine.djl.internal;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The class loader DJL looks through (as the thread's context loader) while its PyTorch engine
 * starts: everything comes from the bundle, except that DJL's question for libtorch's
 * description, {@code native/lib/pytorch.properties}, is answered with this platform's copy,
 * stored under {@code platforms/<os>-<arch>/} because the bundle carries libtorch for two
 * platforms.
 */
public final class PlatformResources extends ClassLoader {
    static final String DESCRIPTION = "native/lib/pytorch.properties";

    private final String platformDescription;

    public PlatformResources(ClassLoader bundle) {
        super(bundle);
        this.platformDescription = "platforms/" + classifier() + "/" + DESCRIPTION;
    }

    /** DJL's name for this platform, e.g. {@code linux-x86_64}. */
    public static String classifier() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch");
        return (os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os) + "-"
                + ("amd64".equals(arch) ? "x86_64" : arch);
    }

    @Override
    protected URL findResource(String name) {
        return DESCRIPTION.equals(name) ? getParent().getResource(platformDescription) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return DESCRIPTION.equals(name) ? getParent().getResources(platformDescription) : Collections.emptyEnumeration();
    }
}
