package com.partnerflow.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.util.Properties;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import jakarta.activation.FileTypeMap;
import org.springframework.mail.javamail.ConfigurableMimeFileTypeMap;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import com.partnerflow.config.ProviderLookups;
import com.partnerflow.operations.OperatorMetrics;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders a message in the recipient's language (plain text and HTML alternatives) and sends it
 * over SMTP. Failures propagate: callers are asynchronous process steps whose job retries.
 */
@Service
public class MailService {

    private final JavaMailSender sender;
    private final MessageSource messages;
    private final MailSettings settings;
    private final OperatorMetrics metrics;
    private final SpringTemplateEngine templates = new SpringTemplateEngine();

    static {
        useOneStreamProvider();
    }

    /**
     * jakarta.mail-api 2.1 looks its {@link StreamProvider} up through {@code ServiceLoader} for
     * every {@code MimeMultipart} and every body part written (jakartaee/mail-api#699, #861),
     * reading the service files of every jar on the classpath each time: a seventh of the CPU of
     * the job that sends a mail. Its lookup reads a system property first, so the provider found
     * once is named there ({@link ProviderLookups}).
     */
    static void useOneStreamProvider() {
        ProviderLookups.pin(StreamProvider.class.getName(), StreamProvider::provider);
    }

    public MailService(JavaMailSender sender, MessageSource messages, MailSettings settings, OperatorMetrics metrics) {
        this.sender = sender;
        this.metrics = metrics;
        this.messages = messages;
        this.settings = settings;
        templates.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 1));
        templates.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 2));
        templates.setTemplateEngineMessageSource(messages);
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setSuffix(suffix);
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resolver.setResolvablePatterns(java.util.Set.of("*" + suffix));
        resolver.setCheckExistence(true);
        resolver.setOrder(order);
        return resolver;
    }

    /**
     * An SMTPMessage, whose envelope sender Angus Mail's SMTP transport uses for MAIL FROM (the
     * session's mail.smtp.from is one for all messages). JavaMail replaces the Message-ID on every
     * save; a conversation needs the one we chose (replies quote it back in In-Reply-To), so the
     * subclass keeps it.
     */
    private MimeMessage newMessage(String messageId, String envelopeFrom) {
        Session session = sender instanceof JavaMailSenderImpl impl ? impl.getSession() : Session.getInstance(new Properties());
        SMTPMessage message = messageId == null ? new SMTPMessage(session) : new SMTPMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        if (envelopeFrom != null && !envelopeFrom.isBlank()) {
            message.setEnvelopeFrom(envelopeFrom);
        }
        return message;
    }

    /**
     * Counts the mail as sent or failed (by template), the one place every mail goes through. A
     * failure to send is thrown as a {@link MailNotSentException} that says what happened in one
     * readable sentence: it becomes the job's and the incident's message.
     */
    public void send(OutgoingMail mail) {
        try {
            buildAndSend(mail);
        } catch (MailPreparationException e) {
            metrics.mailFailed(mail.template());
            throw e;
        } catch (MailException e) {
            metrics.mailFailed(mail.template());
            throw MailNotSentException.of(mail.template(), server(), e);
        } catch (RuntimeException e) {
            metrics.mailFailed(mail.template());
            throw e;
        }
        metrics.mailSent(mail.template());
    }

    /** host:port of the SMTP server, as the operator configured it (no user name). */
    private String server() {
        if (sender instanceof JavaMailSenderImpl impl) {
            return impl.getHost() + ":" + (impl.getPort() > 0 ? impl.getPort() : 25);
        }
        return "the mail server";
    }

    private void buildAndSend(OutgoingMail mail) {
        Locale locale = Locale.forLanguageTag(mail.language());
        Context context = new Context(locale, mail.model());
        String text = templates.process(mail.template() + ".txt", context);
        String html = templates.process(mail.template() + ".html", context);
        String subject = messages.getMessage(mail.subjectKey(),
                mail.subjectArgs().toArray(), locale);
        MimeMessage message = newMessage(mail.threading().messageId(),
                mail.envelopeFrom() != null ? mail.envelopeFrom() : settings.envelopeFrom());
        try {
            MimeMessageHelper helper = new Helper(message);
            helper.setFrom(settings.from());
            helper.setTo(mail.to());
            helper.setSubject(subject);
            helper.setText(text, html);
            OutgoingMail.Threading threading = mail.threading();
            if (threading.replyTo() != null) {
                helper.setReplyTo(threading.replyTo());
            }
            if (threading.inReplyTo() != null) {
                message.setHeader("In-Reply-To", threading.inReplyTo());
            }
            if (!threading.references().isEmpty()) {
                message.setHeader("References", String.join(" ", threading.references()));
            }
        } catch (MessagingException e) {
            throw new MailPreparationException("Could not build " + mail, e);
        }
        sender.send(message);
    }

    /**
     * MimeMessageHelper parses Spring's whole mime.types table again for every message not made by
     * JavaMailSenderImpl.createMimeMessage (ours are SMTPMessages, for the envelope sender and the
     * Message-ID): about a twentieth of a registration's CPU. The table is the same for every mail.
     */
    private static final class Helper extends MimeMessageHelper {
        private static final FileTypeMap FILE_TYPES = fileTypes();

        Helper(MimeMessage message) throws MessagingException {
            super(message, true, StandardCharsets.UTF_8.name());
        }

        @Override
        protected FileTypeMap getDefaultFileTypeMap(MimeMessage message) {
            return FILE_TYPES;
        }

        private static FileTypeMap fileTypes() {
            ConfigurableMimeFileTypeMap map = new ConfigurableMimeFileTypeMap();
            map.afterPropertiesSet();
            return map;
        }
    }
}
