package com.partnerflow.mail;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import jakarta.mail.MessagingException;
import java.util.Collection;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * GreenMail's accounts as the development server's logins see them, with account creation under
 * one lock (see {@link NoDelayGreenMail}). An IMAP or SMTP login with a new address creates its
 * account in {@link #test}; a mail to a new address creates it in the delivery handler. Both now
 * hold the lock of GreenMail's own {@link UserManager}, so whichever comes second finds the account.
 *
 * <p>GreenMail hands its handlers a {@code UserManager}, a class, not an interface: hence a
 * subclass whose every method goes to GreenMail's instance (this one's own maps stay empty).
 */
final class OneAccountAtATime extends UserManager {

    private final UserManager accounts;

    private OneAccountAtATime(UserManager accounts) {
        super(accounts.getImapHostManager());
        this.accounts = accounts;
    }

    /** Serializes the deliveries' account creation on {@code accounts}; returns what IMAP logins use. */
    static UserManager around(UserManager accounts) {
        MessageDeliveryHandler delivery = accounts.getMessageDeliveryHandler();
        accounts.setMessageDeliveryHandler((MovingMessage message, MailAddress to) -> {
            synchronized (accounts) {
                return delivery.handle(message, to);
            }
        });
        return new OneAccountAtATime(accounts);
    }

    @Override
    public boolean test(String userId, String password) {
        synchronized (accounts) {
            return accounts.test(userId, password);
        }
    }

    @Override
    public GreenMailUser createUser(String email, String login, String password) throws UserException {
        synchronized (accounts) {
            return accounts.createUser(email, login, password);
        }
    }

    @Override
    public GreenMailUser getUser(String login) {
        return accounts.getUser(login);
    }

    @Override
    public GreenMailUser getUserByEmail(String email) {
        return accounts.getUserByEmail(email);
    }

    @Override
    public Stream<GreenMailUser> findUsers(Predicate<GreenMailUser> criteria) {
        return accounts.findUsers(criteria);
    }

    @Override
    public void deleteUser(GreenMailUser user) {
        accounts.deleteUser(user);
    }

    @Override
    public Collection<GreenMailUser> listUser() {
        return accounts.listUser();
    }

    @Override
    public void setAuthRequired(boolean auth) {
        accounts.setAuthRequired(auth);
    }

    @Override
    public boolean isAuthRequired() {
        return accounts.isAuthRequired();
    }

    @Override
    public void setSieveIgnoreDetail(boolean sieveIgnoreDetailEnabled) {
        accounts.setSieveIgnoreDetail(sieveIgnoreDetailEnabled);
    }

    @Override
    public ImapHostManager getImapHostManager() {
        return accounts.getImapHostManager();
    }

    @Override
    public boolean hasUser(String userId) {
        return accounts.hasUser(userId);
    }

    @Override
    public void setMessageDeliveryHandler(MessageDeliveryHandler deliveryHandler) {
        accounts.setMessageDeliveryHandler(deliveryHandler);
    }

    @Override
    public MessageDeliveryHandler getMessageDeliveryHandler() {
        return accounts.getMessageDeliveryHandler();
    }

    @Override
    public void deliver(MovingMessage message, MailAddress to) throws MessagingException, UserException {
        accounts.deliver(message, to);
    }
}
