package io.rewind.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

/**
 * Where the demo's notifications arrive: a Slack-style incoming webhook (an HTTP receiver that keeps each message's
 * {@code text}, as Slack shows it) and a real SMTP server (GreenMail) holding the e-mails, both on 127.0.0.1.
 */
final class Receivers implements AutoCloseable {

    /** The path of the Slack-style webhook: the secret part of a real one, which is why it is a secret reference. */
    static final String SLACK_PATH = "/services/T0DEMO/B0DEMO/" + java.util.UUID.randomUUID().toString().replace("-", "");

    private final HttpServer slack;
    private final GreenMail smtp;
    private final List<String> slackMessages = new CopyOnWriteArrayList<>();
    final int slackPort;
    final int smtpPort;

    Receivers() throws IOException {
        slackPort = Processes.freePort();
        smtpPort = Processes.freePort();
        slack = HttpServer.create(new InetSocketAddress("127.0.0.1", slackPort), 0);
        slack.createContext(SLACK_PATH, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = 200;
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            try {
                JsonNode message = Rest.JSON.readTree(body);
                slackMessages.add(message.path("text").asText(message.toString()));
            } catch (IOException notJson) {
                status = 400;
                answer = "invalid_payload".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        slack.start();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    String slackUrl() {
        return "http://127.0.0.1:" + slackPort + SLACK_PATH;
    }

    List<String> slackMessages() {
        return List.copyOf(slackMessages);
    }

    /** Each e-mail received: "to <recipients>: <subject>". */
    List<String> mails() {
        List<String> mails = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                List<String> to = new ArrayList<>();
                for (Address address : message.getAllRecipients()) {
                    to.add(address.toString());
                }
                mails.add("to " + String.join(", ", to) + ": " + message.getSubject());
            } catch (MessagingException e) {
                mails.add("(unreadable message: " + e.getMessage() + ")");
            }
        }
        return mails;
    }

    @Override
    public void close() {
        slack.stop(0);
        smtp.stop();
    }
}
