package com.partnerflow.mail.inbound;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.NotTerm;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.springframework.integration.mail.ImapMailReceiver;
import org.springframework.scheduling.TaskScheduler;

/**
 * Spring Integration's IMAP receiver, set up so that nothing marks a message as read but us:
 * it searches "not seen, not deleted" (the default strategy's RECENT/user-flag bookkeeping would
 * hide a message whose handling failed), leaves \Seen alone, and keeps the folder open after
 * {@link #receive()} so the caller can flag the live messages once its transaction committed.
 */
final class SupportMailReceiver extends ImapMailReceiver {

    /** Whether the reader is in (or about to enter) IDLE, which an arrival should end. */
    private volatile boolean waiting;
    /** The folder instance (kept across close and open) that has the arrival listener. */
    private volatile Folder listenedFolder;

    SupportMailReceiver(String url) {
        super(url);
        setShouldMarkMessagesAsRead(false);
        setShouldDeleteMessages(false);
        // with both false, receive() hands out the live server messages (no detached copies)
        setAutoCloseFolder(false);
        setSimpleContent(false);
        setFlaggedAsFallback(false); // we track nothing with \Flagged: leave it to people
        setSearchTermStrategy((supportedFlags, folder) -> new AndTerm(
                new NotTerm(new FlagTerm(new Flags(Flags.Flag.SEEN), true)),
                new NotTerm(new FlagTerm(new Flags(Flags.Flag.DELETED), true))));
    }

    void closeFolderAfterRound() {
        closeFolder();
    }

    boolean serverSupportsIdle() throws MessagingException {
        openFolder();
        Store store = getFolder().getStore();
        return store instanceof IMAPStore imap && imap.hasCapability("IDLE");
    }

    /**
     * Waits in IMAP IDLE for the next arrival, at most {@code renewal}; {@code idling} runs just
     * before the IDLE command. Replaces the superclass's wait, which searches and then idles:
     * unseen mail that arrived after the last round's search (announced to that round's closed
     * session, so no longer \Recent here) or during this search ends the wait at once. Mail stored
     * between this search and the server's IDLE confirmation is announced (EXISTS) before that
     * confirmation, which the IMAP client takes in without ending the IDLE: the folder's
     * arrival listener ends it then (without it such a message waited for the renewal, a whole
     * poll interval). The {@code failedUnseen} messages that failed in the last round do not end
     * the wait (they would turn it into a busy loop); they are retried when the renewal ends it.
     */
    void idleUntilNewMessages(Duration renewal, Runnable idling, int failedUnseen) throws MessagingException {
        openFolder();
        if (!(getFolder() instanceof IMAPFolder folder)) {
            throw new IllegalStateException("IDLE needs an IMAP folder, not " + getFolder());
        }
        listenForArrivals(folder);
        waiting = true;
        try {
            int known = folder.getMessageCount();
            if (searchForNewMessages().length > failedUnseen || folder.getMessageCount() > known) {
                return;
            }
            TaskScheduler scheduler = getTaskScheduler();
            // repeated until the IDLE has ended: a renewal that fires before the IDLE command is sent does nothing
            ScheduledFuture<?> renew = scheduler == null ? null
                    : scheduler.scheduleWithFixedDelay(this::interruptIdle, Instant.now().plus(renewal),
                    Duration.ofMillis(500));
            try {
                idling.run();
                folder.idle(true);
            } finally {
                if (renew != null) {
                    renew.cancel(false);
                }
            }
        } finally {
            waiting = false;
        }
    }

    /**
     * The folder reports an arrival (on the mail event thread) whatever command's response told
     * of it, including one taken in as the IDLE started; while the reader waits, that ends the IDLE.
     */
    private void listenForArrivals(IMAPFolder folder) {
        if (folder != listenedFolder) {
            folder.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent event) {
                    if (waiting) {
                        interruptIdle();
                    }
                }
            });
            listenedFolder = folder;
        }
    }

    /**
     * Ends a running IDLE from another thread (RFC 2177 "DONE") at once; does nothing when none
     * runs. An empty protocol command does, where {@code Folder.isOpen()} would only after the
     * connection was silent for a second (IMAPFolder.keepConnectionAlive).
     */
    void interruptIdle() {
        if (getFolder() instanceof IMAPFolder folder && folder.isOpen()) {
            try {
                folder.doCommand(protocol -> null);
            } catch (MessagingException | RuntimeException e) {
                // the folder closed meanwhile: no IDLE left to end
            }
        }
    }
}
