package org.coinfer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.coinfer.api.PartitionStrategy;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The strategies in a set of bundle jars, as a container would find them: each jar's
 * Declarative Services descriptors name the components; those that provide
 * {@link PartitionStrategy} are instantiated outside any framework, through their public
 * no-argument constructor. So a strategy a researcher just built is planned with by dropping
 * its jar where the command looks. A strategy of the same name in a later jar replaces an
 * earlier one (and says so); one that cannot be created outside a container is left out (and
 * says why). Close it when done: it holds the jars open.
 *
 * @param strategies by name
 */
record StrategyBundles(Map<String, PartitionStrategy> strategies, URLClassLoader loader) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        loader.close();
    }

    /** Strategies from the jars given, folders searched for jars (one level), in that order. */
    static StrategyBundles load(List<Path> places) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (Path p : places) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
                }
            } else if (Files.isRegularFile(p)) {
                jars.add(p);
            } else {
                throw new IllegalArgumentException(p + ": no such file or folder of strategy bundles");
            }
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        // The API comes from this command's own class path, so the strategies and the planner share it.
        URLClassLoader loader = new URLClassLoader(urls, StrategyBundles.class.getClassLoader());
        Map<String, PartitionStrategy> found = new TreeMap<>();
        Map<String, Path> from = new TreeMap<>();
        for (Path jar : jars) {
            for (String type : strategyClasses(jar)) {
                PartitionStrategy s;
                try {
                    s = instantiate(loader, type, jar);
                } catch (IllegalArgumentException e) {
                    System.err.println("coinfer: " + e.getMessage() + "; left out");
                    continue;
                }
                if (found.put(s.name(), s) != null) {
                    System.err.println("coinfer: strategy " + s.name() + " from " + jar + " replaces the one from " + from.get(s.name()));
                }
                from.put(s.name(), jar);
            }
        }
        return new StrategyBundles(found, loader);
    }

    /** Implementation classes of the jar's components that provide {@link PartitionStrategy}. */
    static List<String> strategyClasses(Path jar) throws IOException {
        List<String> types = new ArrayList<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            String header = jf.getManifest() == null ? null : jf.getManifest().getMainAttributes().getValue("Service-Component");
            if (header == null) {
                return types;
            }
            for (String entry : header.split(",")) {
                var e = jf.getEntry(entry.trim());
                if (e == null) {
                    throw new IllegalArgumentException(jar + ": Service-Component names " + entry.trim() + ", which the jar lacks");
                }
                try (InputStream in = jf.getInputStream(e)) {
                    String type = strategyClass(parse(in, jar + "!/" + entry.trim()));
                    if (type != null) {
                        types.add(type);
                    }
                }
            }
        }
        return types;
    }

    private static String strategyClass(Document d) {
        NodeList provides = d.getElementsByTagName("provide");
        for (int i = 0; i < provides.getLength(); i++) {
            if (PartitionStrategy.class.getName().equals(((Element) provides.item(i)).getAttribute("interface"))) {
                return ((Element) d.getElementsByTagName("implementation").item(0)).getAttribute("class");
            }
        }
        return null;
    }

    private static Document parse(InputStream in, String source) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(in);
        } catch (Exception e) {
            throw new IOException(source + ": not a readable component descriptor: " + e.getMessage(), e);
        }
    }

    private static PartitionStrategy instantiate(ClassLoader loader, String type, Path jar) {
        try {
            return (PartitionStrategy) Class.forName(type, true, loader).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new IllegalArgumentException(jar + ": strategy " + type + " cannot be created outside a container ("
                    + e + "); a strategy for what-if planning needs a public constructor without arguments");
        }
    }
}
