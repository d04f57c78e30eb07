package com.partnerflow.config;

import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a savepoint of the caller's transaction: when it fails (a unique key lost to a
 * concurrent writer, a limit the database refuses), only its own statements are undone and the
 * caller's transaction stays usable — PostgreSQL refuses every later statement of a transaction
 * that hit an error outside a savepoint.
 */
@Component
public class Savepoints {

    private final TransactionTemplate nested;

    public Savepoints(PlatformTransactionManager transactionManager) {
        this.nested = new TransactionTemplate(transactionManager);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    public <T> T call(Supplier<T> work) {
        return nested.execute(status -> work.get());
    }

    public void run(Runnable work) {
        nested.executeWithoutResult(status -> work.run());
    }
}
