package io.rewind.status.rest;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.problem.ProblemType;
import io.rewind.status.Component;
import io.rewind.status.config.StatusPageConfig;
import io.rewind.status.service.IncidentDetail;
import io.rewind.status.service.PageSnapshot;
import io.rewind.status.service.PublicCache;
import io.rewind.status.uptime.UptimeService;

/**
 * The public status page, rendered on the server so that it reads without JavaScript, from {@link PublicCache} like
 * the JSON API. Public: no key.
 */
@Path("/")
public class PageResource {

    private static final String HTML = "text/html;charset=UTF-8";
    private static final String ATOM = "application/atom+xml;charset=UTF-8";

    /** One Atom entry: an incident, its updates as the entry's HTML content. */
    @TemplateData
    record FeedEntry(String id, String title, String link, String published, String updated, String html) {
    }

    private final PublicCache cache;
    private final PublicResponses responses;
    private final StatusPageConfig config;
    private final UptimeService uptime;
    private final Template index;
    private final Template incident;
    private final Template history;
    private final Template notFound;
    private final Template feed;

    public PageResource(PublicCache cache, PublicResponses responses, StatusPageConfig config, UptimeService uptime,
            @Location("public/index.html") Template index, @Location("public/incident.html") Template incident,
            @Location("public/history.html") Template history, @Location("public/not-found.html") Template notFound,
            @Location("public/feed.xml") Template feed) {
        this.cache = cache;
        this.responses = responses;
        this.config = config;
        this.uptime = uptime;
        this.index = index;
        this.incident = incident;
        this.history = history;
        this.notFound = notFound;
        this.feed = feed;
    }

    @GET
    @PermitAll
    @Operation(summary = "The status page: overall status, components, active incidents, maintenance, 90 days")
    public Uni<Response> index(@Context HttpHeaders headers) {
        return serve("html:index", HTML, snapshot -> ok(index.data("page", page(snapshot)).render()), headers);
    }

    @GET
    @Path("/history")
    @PermitAll
    @Operation(summary = "The last 90 days of incidents")
    public Uni<Response> history(@Context HttpHeaders headers) {
        return serve("html:history", HTML, snapshot -> ok(history.data("page", page(snapshot)).render()), headers);
    }

    @GET
    @Path("/incidents/{id}")
    @PermitAll
    @Operation(summary = "One incident and its updates",
            description = "An unknown incident is a 404 page for readers, and a problem+json 404 for a client that "
                    + "does not accept HTML.")
    public Uni<Response> incident(@PathParam("id") String id, @Context HttpHeaders headers) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            uuid = null;
        }
        UUID key = uuid;
        boolean html = headers.getAcceptableMediaTypes().stream().anyMatch(MediaType.TEXT_HTML_TYPE::isCompatible);
        return serve("html:incident:" + key + (html ? "" : ":problem"), HTML, snapshot -> {
            Optional<IncidentDetail> found = snapshot.incidents().stream()
                    .filter(d -> d.incident().id.equals(key)).findFirst();
            if (found.isEmpty() && !html) {
                // A script or API client asked: it gets what every other 404 of Rewind is, not a page for people.
                throw new ProblemException(Problem.of(ProblemType.NOT_FOUND, 404, "There is no such incident on this page."));
            }
            HtmlViews.Page page = page(snapshot);
            if (found.isEmpty()) {
                return new Page(404, notFound.data("page", page).render());
            }
            return ok(incident.data("page", page)
                    .data("incident", HtmlViews.incident(found.get(), config.timeZone(), components(snapshot))).render());
        }, headers);
    }

    @GET
    @Path("/feed.atom")
    @PermitAll
    @Operation(summary = "Incidents and maintenances as an Atom feed, newest first")
    public Uni<Response> feed(@Context HttpHeaders headers) {
        return serve("atom", ATOM, snapshot -> {
            String base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
            List<FeedEntry> entries = snapshot.incidents().stream().limit(PageSnapshot.RECENT_INCIDENTS)
                    .map(d -> entry(d, base, snapshot)).toList();
            return ok(feed.data("page", page(snapshot)).data("entries", entries)
                    .data("updated", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(snapshot.updatedAt())).render());
        }, headers);
    }

    private FeedEntry entry(IncidentDetail detail, String base, PageSnapshot snapshot) {
        HtmlViews.IncidentView view = HtmlViews.incident(detail, config.timeZone(), components(snapshot));
        StringBuilder html = new StringBuilder();
        for (HtmlViews.UpdateView update : view.updates()) {
            html.append("<p><strong>").append(escape(update.label())).append("</strong> (").append(escape(update.at()))
                    .append(")<br>").append(escape(update.body())).append("</p>");
        }
        return new FeedEntry(detail.incident().id.toString(), "[" + view.label() + "] " + detail.incident().name,
                base + view.url(), DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(detail.incident().createdAt),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(detail.incident().updatedAt), html.toString());
    }

    /** The feed's HTML content is escaped twice: once here as HTML, once by the XML template. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private HtmlViews.Page page(PageSnapshot snapshot) {
        return HtmlViews.page(config, snapshot, uptime.histories(snapshot.incidents(), config.timeZone()),
                uptime.now());
    }

    private static Map<UUID, Component> components(PageSnapshot snapshot) {
        Map<UUID, Component> byId = new LinkedHashMap<>();
        snapshot.content().components().forEach(c -> byId.put(c.id, c));
        return byId;
    }

    private record Page(int status, String body) {
    }

    private static Page ok(String body) {
        return new Page(200, body);
    }

    private Uni<Response> serve(String key, String type, Function<PageSnapshot, Page> render, HttpHeaders headers) {
        return cache.serve(key, snapshot -> {
            Page page = render.apply(snapshot);
            return PublicCache.Rendered.text(page.status(), page.body(), type, snapshot.updatedAt().toInstant());
        }).map(served -> responses.of(served, headers));
    }
}
