package org.coinfer.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.coinfer.api.CoInference;
import org.coinfer.api.Outcome;
import org.coinfer.api.Tensor;

/**
 * Requests sent one after another from a thread of their own while a test changes the
 * container under them; each answer is checked against the whole model's. Closing it stops the
 * thread and asserts that none failed or answered wrongly.
 */
final class RequestLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger fellBack = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final String what;

    /** Starts sending; the strategies take turns. */
    RequestLoad(String what, CoInference ci, Tensor input, Tensor expected, List<String> strategies) {
        this.what = what;
        thread = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                try {
                    Outcome o = ci.infer(null, input, Coinfer.RELAXED, strategies.get(i % strategies.size()));
                    Coinfer.assertClose("under load, " + o.plan() + " " + o.fallback(), expected, o.output());
                    served.incrementAndGet();
                    if (o.fellBack()) {
                        fellBack.incrementAndGet();
                    }
                } catch (Exception | AssertionError e) {
                    failures.add(e.toString());
                }
            }
        }, "it-load");
        thread.start();
    }

    int served() {
        return served.get();
    }

    /** Waits until {@code n} more requests have been answered. */
    void awaitMore(String when, int n) {
        int target = served.get() + n;
        Coinfer.await(n + " requests answered " + when, Coinfer.PROFILE_WAIT, () -> served.get() >= target || !failures.isEmpty());
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(60_000);
        System.out.printf("%s: %d requests served (%d fell back), %d failed%n", what, served.get(), fellBack.get(), failures.size());
        assertEquals("failed requests while " + what + " (" + failures.size() + "; the first ones): "
                + failures.subList(0, Math.min(5, failures.size())), 0, failures.size());
        assertTrue("requests flowed: " + served.get(), served.get() > 10);
    }
}
