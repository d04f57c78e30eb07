package com.partnerflow.mail.inbound;

import com.partnerflow.operations.OperatorMetrics;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Builds mailboxes that record into this application's database and transaction. */
@Component
public class InboundMailboxes {

    private final InboundMailLedger ledger;
    private final TransactionTemplate transaction;
    private final BeanFactory beanFactory;
    private final OperatorMetrics metrics;

    public InboundMailboxes(InboundMailLedger ledger, PlatformTransactionManager transactionManager,
                            BeanFactory beanFactory, OperatorMetrics metrics) {
        this.metrics = metrics;
        this.ledger = ledger;
        this.transaction = new TransactionTemplate(transactionManager);
        this.beanFactory = beanFactory;
    }

    public InboundMailbox open(InboundMailSettings settings) {
        return new InboundMailbox(settings, ledger, transaction, beanFactory, metrics);
    }

    /** A reader of the mailbox: one connection for new mail, one for the retries of failed messages. */
    public InboundMailReader reader(InboundMailSettings settings, InboundMailHandler handler) {
        return new InboundMailReader(open(settings), open(settings), handler);
    }
}
