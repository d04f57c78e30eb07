package com.partnerflow.users;

import com.partnerflow.directory.UserRemoved;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Listens to {@link UserRemoved} as the partner-task capability will, recording each with whether it ran in a transaction. */
@Component
class RecordedUserRemovals {

    record Received(UserRemoved event, boolean inTransaction) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();

    @EventListener
    void on(UserRemoved event) {
        received.add(new Received(event, TransactionSynchronizationManager.isActualTransactionActive()));
    }

    Optional<Received> of(UUID userId) {
        return received.stream().filter(r -> r.event().userId().equals(userId)).findFirst();
    }

    long count(UUID userId) {
        return received.stream().filter(r -> r.event().userId().equals(userId)).count();
    }
}
