package io.rewind.decision.notify;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;

import io.rewind.common.secret.SecretResolver;
import io.rewind.decision.NotificationChannel;
import io.rewind.decision.NotificationDelivery;
import io.rewind.decision.config.NotifyConfig;

/**
 * Sends the delivery as a plain-text e-mail through the channel's SMTP server, with the Vert.x SMTP client (the one
 * quarkus-mailer uses, which Quarkus prepares for native images). A client is built per attempt from the channel's
 * settings and closed after it: channels are few and attempts rare, and a changed channel takes effect at once.
 */
@ApplicationScoped
public class EmailTransport implements Transport {

    private final Vertx vertx;
    private final SecretResolver secrets;
    private final NotifyConfig config;

    public EmailTransport(Vertx vertx, SecretResolver secrets, NotifyConfig config) {
        this.vertx = vertx;
        this.secrets = secrets;
        this.config = config;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.EMAIL;
    }

    @Override
    public Uni<Outcome> send(NotificationDelivery delivery, NotificationChannel channel) {
        EmailChannel email = channel.settings.email();
        return Uni.createFrom().item(() -> email.password() == null ? Optional.<String>empty() : secrets.resolve(email.password()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(password -> {
                    if (email.password() != null && password.isEmpty()) {
                        return Uni.createFrom().item(Outcome.failed(null, "the SMTP password (" + email.password().describe()
                                + ") is not set on this replica"));
                    }
                    MailClient client = MailClient.create(vertx, mailConfig(email, password.orElse(null)));
                    MailMessage message = new MailMessage().setFrom(email.from()).setTo(delivery.recipientAddresses())
                            .setSubject(delivery.subject).setText(delivery.body);
                    return client.sendMail(message)
                            .ifNoItem().after(config.timeout()).fail()
                            .map(result -> Outcome.delivered(null))
                            .onFailure().recoverWithItem(failure -> Outcome.failed(null, "SMTP server " + email.host() + ":"
                                    + email.port() + " " + describe(failure)))
                            .call(() -> client.close().onFailure().recoverWithNull());
                });
    }

    private MailConfig mailConfig(EmailChannel email, String password) {
        MailConfig mail = new MailConfig().setHostname(email.host()).setPort(email.port())
                .setConnectTimeout((int) config.timeout().toMillis())
                .setKeepAlive(false).setMaxPoolSize(1);
        switch (email.tls()) {
            case NONE -> mail.setStarttls(StartTLSOptions.DISABLED);
            case STARTTLS -> mail.setStarttls(StartTLSOptions.REQUIRED).setHostnameVerificationAlgorithm("HTTPS");
            case TLS -> mail.setSsl(true).setStarttls(StartTLSOptions.DISABLED).setHostnameVerificationAlgorithm("HTTPS");
        }
        if (email.username() != null) {
            mail.setLogin(LoginOption.REQUIRED).setUsername(email.username()).setPassword(password);
        } else {
            mail.setLogin(LoginOption.DISABLED);
        }
        return mail;
    }

    /** The SMTP server's own answer when there is one (a 5xx reply), else what went wrong, never a class name. */
    private String describe(Throwable failure) {
        String type = failure.getClass().getSimpleName();
        if (type.contains("Timeout")) {
            return "did not complete within " + config.timeout().toSeconds() + " s";
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "is unreachable (connection refused)";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "is unreachable (its host name does not resolve)";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "failed the TLS handshake (certificate or protocol)";
            }
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return "refused the message";
        }
        message = message.replaceAll("[\\r\\n]+", " ").trim();
        return "answered: " + (message.length() > 300 ? message.substring(0, 300) + "…" : message);
    }
}
