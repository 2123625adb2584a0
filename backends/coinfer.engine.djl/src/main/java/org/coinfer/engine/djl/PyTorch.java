package org.coinfer.engine.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngineProvider;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Utils;
import org.coinfer.engine.djl.internal.PlatformResources;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * DJL's PyTorch engine, started from this bundle without touching the network.
 *
 * <p>DJL finds its engines with {@link java.util.ServiceLoader} and libtorch's files as resources,
 * both through the thread's context class loader, which in OSGi sees none of this bundle. While
 * the engine starts, the context loader is this bundle's (through {@link PlatformResources}), so
 * DJL finds the {@code EngineProvider} registered in this bundle and unpacks the embedded
 * libtorch for this platform into its cache folder; nothing else (no SPI Fly weaving) is needed.
 */
public final class PyTorch {
    /** DJL's name of the engine. */
    public static final String ENGINE = "PyTorch";
    /**
     * Where libtorch is unpacked (in {@code pytorch/<version>-cpu-<platform>/} below it): an
     * environment variable, system property or framework property; DJL's default is
     * {@code ~/.djl.ai}, also moved by {@code DJL_CACHE_DIR}.
     */
    public static final String CACHE_DIR = "ENGINE_CACHE_DIR";
    /** DJL's switch that forbids downloads; this class sets it to true unless it is given. */
    public static final String OFFLINE = "ai.djl.offline";

    private static final ClassLoader RESOURCES = new PlatformResources(PyTorch.class.getClassLoader());

    private PyTorch() {
    }

    /**
     * The engine, started on the first call: libtorch is unpacked (once per cache folder) and
     * loaded into this bundle's class loader.
     *
     * @throws IllegalStateException naming the cache folder when libtorch cannot be unpacked or loaded
     */
    public static synchronized Engine engine() {
        setDefault(OFFLINE, "true");
        setDefault(CACHE_DIR, frameworkProperty(CACHE_DIR));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(RESOURCES);
        try {
            if (!Engine.hasEngine(ENGINE)) { // DJL's engine registry was filled before this class could help
                Engine.registerEngine(new PtEngineProvider());
            }
            return Engine.getEngine(ENGINE);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("cannot start DJL's PyTorch engine for " + PlatformResources.classifier()
                    + " from cache folder " + Utils.getEngineCacheDir("pytorch") + ": " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Threads one PyTorch operator may use, for the whole process; 0 keeps PyTorch's choice. */
    public static void intraOpThreads(int threads) {
        if (threads > 0) {
            engine();
            JniUtils.setNumThreads(threads);
        }
    }

    private static String frameworkProperty(String key) {
        Bundle b = FrameworkUtil.getBundle(PyTorch.class);
        return b == null || b.getBundleContext() == null ? null : b.getBundleContext().getProperty(key);
    }

    /** Sets a system property unless the environment or the user already did. */
    private static void setDefault(String key, String value) {
        if (value != null && System.getenv(key) == null && System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
