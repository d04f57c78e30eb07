package perfbench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.springframework.transaction.support.TransactionTemplate;

/** Seeding for both benchmark applications (copied into each one's classpath by PerformanceBenchmark). */
public final class Batches {

    private Batches() {
    }

    /** Runs {@code unit} for 0 … count-1 in transactions of {@code batch}, on {@code threads} threads. */
    public static void inBatches(TransactionTemplate transaction, int count, int batch, int threads, IntConsumer unit)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    int from;
                    while ((from = next.getAndAdd(batch)) < count) {
                        int first = from;
                        int to = Math.min(count, from + batch);
                        transaction.executeWithoutResult(s -> {
                            for (int i = first; i < to; i++) {
                                unit.accept(i);
                            }
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
