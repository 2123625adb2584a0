package org.coinfer.runtime.device;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.coinfer.api.RequestRecord;

/** The last requests answered, for operators (shell, console); the oldest go first once it is full. */
final class RequestHistory {
    private final ArrayDeque<RequestRecord> records = new ArrayDeque<>();
    private final int capacity;

    RequestHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a request history holds at least 1 request, not " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(RequestRecord r) {
        if (records.size() == capacity) {
            records.removeFirst();
        }
        records.addLast(r);
    }

    /** Up to {@code n} records, the newest first. */
    synchronized List<RequestRecord> last(int n) {
        List<RequestRecord> out = new ArrayList<>(Math.min(Math.max(n, 0), records.size()));
        for (Iterator<RequestRecord> it = records.descendingIterator(); it.hasNext() && out.size() < n; ) {
            out.add(it.next());
        }
        return out;
    }
}
