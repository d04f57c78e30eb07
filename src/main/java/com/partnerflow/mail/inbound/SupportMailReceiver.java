package com.partnerflow.mail.inbound;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.NotTerm;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.springframework.integration.mail.ImapMailReceiver;

/**
 * Spring Integration's IMAP receiver, set up so that nothing marks a message as read but us:
 * it searches "not seen, not deleted" (the default strategy's RECENT/user-flag bookkeeping would
 * hide a message whose handling failed), leaves \Seen alone, and keeps the folder open after
 * {@link #receive()} so the caller can flag the live messages once its transaction committed.
 */
final class SupportMailReceiver extends ImapMailReceiver {

    SupportMailReceiver(String url) {
        super(url);
        setShouldMarkMessagesAsRead(false);
        setShouldDeleteMessages(false);
        // with both false, receive() hands out the live server messages (no detached copies)
        setAutoCloseFolder(false);
        setSimpleContent(false);
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

    /** Ends a running IDLE from another thread: any folder command does (RFC 2177 "DONE"). */
    void interruptIdle() {
        Folder folder = getFolder();
        if (folder != null) {
            folder.isOpen();
        }
    }
}
