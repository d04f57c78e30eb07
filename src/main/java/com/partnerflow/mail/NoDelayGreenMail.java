package com.partnerflow.mail;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpHandler;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.Socket;
import java.net.SocketException;
import java.util.HashMap;
import java.util.Map;

/**
 * The development mail server (SMTP and IMAP) with TCP_NODELAY on every connection. GreenMail
 * writes each response line by itself; with Nagle's algorithm on, the second line of a response
 * (EHLO's list, IMAP's untagged lines before the tagged one) waited for the client's delayed
 * acknowledgement, about 40 ms on Linux: every mail sent and every mailbox read took a few of
 * those, measured at 0.3 of the 0.4 s a look into a test mailbox took. The servers are GreenMail's
 * own handlers; only the socket option differs ({@code getImap()} is not available, as GreenMail's
 * IMAP server class is final: nothing here uses it).
 *
 * <p>It also makes an account once when the first mail to an address and the first IMAP login
 * with it come at the same moment. GreenMail creates accounts on first use with a check, then a
 * create, and nothing between (its issue #598): one of the two failed with "Mailbox ... already
 * exists", so the login's connection dropped or the mail was refused. Here logins (IMAP, and SMTP
 * AUTH as the production profile sends) and deliveries go through one lock
 * ({@link OneAccountAtATime}); {@code DevMailServerConcurrencyTest} races them.
 */
public class NoDelayGreenMail extends GreenMail {

    public NoDelayGreenMail(ServerSetup[] setups) {
        super(setups);
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
        UserManager logins = OneAccountAtATime.around(managers.getUserManager());
        // SMTP AUTH logs in through the SMTP manager's accounts: the same lock; mail it accepts is
        // still delivered (and waited for, waitForIncomingEmail) by GreenMail's own SMTP manager
        SmtpManager deliveries = managers.getSmtpManager();
        SmtpManager smtpLogins = new SmtpManager(managers.getImapHostManager(), logins) {
            @Override
            public void send(SmtpState state) {
                deliveries.send(state);
            }
        };
        Map<String, AbstractServer> services = new HashMap<>();
        for (ServerSetup setup : config) {
            switch (setup.getProtocol()) {
                case ServerSetup.PROTOCOL_SMTP -> services.put(setup.getProtocol(), new SmtpServer(setup, managers) {
                    @Override
                    protected ProtocolHandler createProtocolHandler(Socket socket) {
                        return new SmtpHandler(new SmtpCommandRegistry(), smtpLogins, socket);
                    }

                    @Override
                    protected void handleClientSocket(Socket socket) throws SocketException {
                        socket.setTcpNoDelay(true);
                        super.handleClientSocket(socket);
                    }
                });
                case ServerSetup.PROTOCOL_IMAP -> services.put(setup.getProtocol(), new AbstractServer(setup, managers) {
                    @Override
                    protected ProtocolHandler createProtocolHandler(Socket socket) {
                        return new ImapHandler(logins, managers.getImapHostManager(), socket);
                    }

                    @Override
                    protected void handleClientSocket(Socket socket) throws SocketException {
                        socket.setTcpNoDelay(true);
                        super.handleClientSocket(socket);
                    }
                });
                default -> throw new IllegalArgumentException("no development " + setup.getProtocol() + " server");
            }
        }
        return services;
    }
}
