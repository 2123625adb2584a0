package org.coinfer.predictor.regression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.coinfer.api.Host;
import org.coinfer.model.Profiler;
import org.coinfer.onnx.OnnxNode;
import org.coinfer.predictor.regression.LayerModel.Form;
import org.coinfer.predictor.regression.LayerModel.Load;
import org.coinfer.predictor.regression.LayerModel.Term;

/**
 * Fits a {@link LayerModel} to measured parts. A part's time is linear in the coefficients (run
 * overhead, boundary bytes, each layer type's per-node cost and feature coefficients summed over
 * the part's nodes), so whole prefixes and suffixes are regressed directly: no layer is ever timed
 * alone, where a runtime would not fuse it with its neighbours. Each row is divided by its
 * measured time, so the fit minimizes relative error and a short part counts as much as a long
 * one; a small ridge keeps layer types the samples barely vary at sane values. Each layer type's
 * form, linear or logarithmic, is chosen greedily by cross-validation that leaves whole models out.
 */
public final class LayerModelFit {
    /** Ridge weight on columns scaled to at most 1. */
    static final double RIDGE = 1e-4;
    /** Folds of the cross-validation, fewer when there are fewer models. */
    static final int FOLDS = 5;
    private static final int GLOBAL = 3; // run overhead, input bytes, output bytes

    private final Host host;
    private final List<PathSample> samples;
    private final List<LayerKind> kinds;

    private LayerModelFit(Host host, List<PathSample> samples) {
        this.host = host;
        this.samples = samples.stream().filter(s -> s.ms() > 0).toList();
        Set<LayerKind> seen = EnumSet.noneOf(LayerKind.class);
        this.samples.forEach(s -> s.nodes().forEach(n -> seen.add(LayerKind.of(n.opType()))));
        this.kinds = List.copyOf(seen);
    }

    /**
     * Fits a host's model.
     *
     * @param loads segment load times, for the load-time regression
     * @throws IllegalArgumentException when there are fewer samples than coefficients to fit
     */
    public static LayerModel fit(Host host, String backend, List<PathSample> samples, List<Profiler.Load> loads) {
        LayerModelFit f = new LayerModelFit(host, samples);
        if (f.samples.size() < f.columns()) {
            throw new IllegalArgumentException("fitting the " + host + "'s latency model needs at least " + f.columns()
                    + " measured parts, found " + f.samples.size());
        }
        Map<LayerKind, Form> forms = new EnumMap<>(LayerKind.class);
        f.kinds.forEach(k -> forms.put(k, Form.LINEAR));
        double best = f.crossValidate(forms);
        for (int pass = 0; pass < 2; pass++) {
            boolean changed = false;
            for (LayerKind k : f.kinds) {
                Map<LayerKind, Form> tried = new EnumMap<>(forms);
                tried.put(k, forms.get(k) == Form.LINEAR ? Form.LOG : Form.LINEAR);
                double score = f.crossValidate(tried);
                if (score < best) {
                    best = score;
                    forms.putAll(tried);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return f.model(forms, f.samples, backend, best, load(loads));
    }

    /** Loading time against segment size by least squares; a constant when the sizes do not vary. */
    static Load load(List<Profiler.Load> loads) {
        SimpleRegression r = new SimpleRegression(true);
        loads.forEach(l -> r.addData(l.bytes(), l.ms()));
        if (loads.isEmpty()) {
            return new Load(0, 0);
        }
        double slope = r.getSlope();
        if (loads.size() < 3 || !Double.isFinite(slope)) {
            return new Load(loads.stream().mapToDouble(Profiler.Load::ms).average().orElse(0), 0);
        }
        return new Load(r.getIntercept(), slope);
    }

    private int columns() {
        return GLOBAL + kinds.stream().mapToInt(k -> 1 + k.featureNames().size()).sum();
    }

    /** Median absolute relative error on the parts of the models each fold leaves out. */
    private double crossValidate(Map<LayerKind, Form> forms) {
        List<String> models = new ArrayList<>(new TreeSet<>(samples.stream().map(PathSample::model).toList()));
        int folds = Math.min(FOLDS, models.size());
        if (folds < 2) {
            return relErrors(model(forms, samples, "", 0, new Load(0, 0)), samples);
        }
        List<Double> errors = new ArrayList<>();
        for (int k = 0; k < folds; k++) {
            int fold = k;
            List<PathSample> train = samples.stream().filter(s -> models.indexOf(s.model()) % folds != fold).toList();
            List<PathSample> test = samples.stream().filter(s -> models.indexOf(s.model()) % folds == fold).toList();
            LayerModel m = model(forms, train, "", 0, new Load(0, 0));
            test.forEach(s -> errors.add(relError(m, s)));
        }
        return median(errors.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double relErrors(LayerModel m, List<PathSample> test) {
        return median(test.stream().mapToDouble(s -> relError(m, s)).toArray());
    }

    private static double relError(LayerModel m, PathSample s) {
        return Math.abs(m.partMs(s.nodes(), s.inputBytes(), s.outputBytes()) - s.ms()) / s.ms();
    }

    static double median(double[] values) {
        return values.length == 0 ? Double.NaN : new Median().evaluate(values);
    }

    /** The least-squares model of the given forms on the given samples. */
    private LayerModel model(Map<LayerKind, Form> forms, List<PathSample> train, String backend,
            double cvError, Load load) {
        int cols = columns();
        double[][] x = new double[train.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = row(train.get(i), forms);
            for (int j = 0; j < cols; j++) {
                x[i][j] /= train.get(i).ms();
            }
        }
        double[] scale = new double[cols];
        for (double[] r : x) {
            for (int j = 0; j < cols; j++) {
                scale[j] = Math.max(scale[j], Math.abs(r[j]));
            }
        }
        double[][] a = new double[x.length + cols][cols];
        double[] b = new double[x.length + cols];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = scale[j] > 0 ? x[i][j] / scale[j] : 0;
            }
            b[i] = 1;
        }
        for (int j = 0; j < cols; j++) {
            a[x.length + j][j] = Math.sqrt(RIDGE);
        }
        RealVector beta = new QRDecomposition(new Array2DRowRealMatrix(a, false)).getSolver().solve(new ArrayRealVector(b, false));
        double[] c = new double[cols];
        for (int j = 0; j < cols; j++) {
            c[j] = scale[j] > 0 ? beta.getEntry(j) / scale[j] : 0;
        }
        Map<LayerKind, Term> terms = new EnumMap<>(LayerKind.class);
        int j = GLOBAL;
        for (LayerKind k : kinds) {
            int n = k.featureNames().size();
            terms.put(k, new Term(forms.get(k), c[j], Arrays.stream(Arrays.copyOfRange(c, j + 1, j + 1 + n)).boxed().toList()));
            j += 1 + n;
        }
        return new LayerModel(host, backend, train.size(), cvError, c[0], c[1], c[2], terms, load);
    }

    /** A part's columns: run overhead, boundary bytes, then per layer type its node count and summed feature forms. */
    private double[] row(PathSample s, Map<LayerKind, Form> forms) {
        double[] r = new double[columns()];
        r[0] = 1;
        r[1] = s.inputBytes();
        r[2] = s.outputBytes();
        for (OnnxNode n : s.nodes()) {
            LayerKind k = LayerKind.of(n.opType());
            int j = GLOBAL;
            for (LayerKind other : kinds) {
                if (other == k) {
                    break;
                }
                j += 1 + other.featureNames().size();
            }
            r[j] += 1;
            double[] f = k.features(n);
            for (int i = 0; i < f.length; i++) {
                r[j + 1 + i] += forms.get(k).apply(f[i]);
            }
        }
        return r;
    }
}
