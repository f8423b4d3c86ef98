package io.rewind.decision.notify;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.net.ssl.SSLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import io.rewind.decision.config.NotifyConfig;

/** Posts a JSON body for the Slack and webhook transports: no redirects followed, a 2xx answer is delivered. */
@ApplicationScoped
public class HttpPoster {

    private static final Logger LOG = Logger.getLogger(HttpPoster.class);

    private final HttpClient http;
    private final NotifyConfig config;

    public HttpPoster(NotifyConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param shownAs how the URL may appear in an error: a Slack webhook URL is a secret and is never shown
     */
    public Uni<Transport.Outcome> post(String url, String shownAs, Map<String, String> headers, String body) {
        String problem = FieldChecks.urlProblem(url);
        if (problem != null) {
            return Uni.createFrom().item(Transport.Outcome.failed(null, shownAs + " " + problem));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Rewind-Decision-Notifier")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return Uni.createFrom().completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()))
                .map(response -> response.statusCode() >= 200 && response.statusCode() < 300
                        ? Transport.Outcome.delivered(response.statusCode())
                        : Transport.Outcome.failed(response.statusCode(), shownAs + " answered HTTP " + response.statusCode()))
                .onFailure().recoverWithItem(failure -> Transport.Outcome.failed(null, shownAs + " " + describe(failure)));
    }

    /** A failure to reach a receiver, in words: never a class name, nor the URL (it may be a secret). */
    String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return "did not answer within " + config.timeout().toSeconds() + " s";
            }
            if (t instanceof ConnectException) {
                return "is unreachable (connection refused)";
            }
            if (t instanceof UnknownHostException) {
                return "is unreachable (its host name does not resolve)";
            }
            if (t instanceof SSLException) {
                return "failed the TLS handshake (certificate or protocol)";
            }
        }
        LOG.debugf(failure, "notification POST failed");
        return "could not be reached (connection closed or reset)";
    }
}
