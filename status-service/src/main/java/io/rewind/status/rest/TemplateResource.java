package io.rewind.status.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.status.service.TemplateService;

@Path("/api/admin/templates")
public class TemplateResource {

    /** The body of a render request; a variable sent as {@code null} is a 400 naming it. */
    public record RenderRequest(Map<String, @NotNull String> variables) {
    }

    /** A rendered template, ready to post as an update's body. */
    public record Rendered(String body) {
    }

    private final TemplateService templates;

    public TemplateResource(TemplateService templates) {
        this.templates = templates;
    }

    @GET
    @RolesAllowed({ Role.VIEWER_NAME, Services.EXECUTOR })
    @Operation(summary = "Update templates, by name, a page at a time",
            description = "limit (default 50, at most 500) and offset; a full page carries Link rel=next.")
    public Uni<RestResponse<List<TemplateResponse>>> list(
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset,
            @Context UriInfo uri) {
        ListPage page = ListPage.of(limit, offset);
        return templates.list(page).map(list -> page.respond(list.stream().map(TemplateResponse::from).toList(), uri));
    }

    @POST
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Add an update template", description = "Placeholders are written {{name}}.")
    public Uni<Response> create(@Valid @NotNull TemplateRequest body, @Context UriInfo uri) {
        return templates.create(body.toTemplate()).map(t -> Response
                .created(uri.getAbsolutePathBuilder().path(t.id.toString()).build())
                .entity(TemplateResponse.from(t)).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "One update template")
    public Uni<TemplateResponse> get(@PathParam("id") UUID id) {
        return templates.get(id).map(TemplateResponse::from);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Replace an update template")
    public Uni<TemplateResponse> replace(@PathParam("id") UUID id, @Valid @NotNull TemplateRequest body) {
        return templates.replace(id, body.toTemplate()).map(TemplateResponse::from);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_NAME)
    @Operation(summary = "Delete an update template")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return templates.delete(id);
    }

    @POST
    @Path("/{id}/render")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Fill a template's placeholders", description = "400 naming any placeholder left without a value.")
    public Uni<Rendered> render(@PathParam("id") UUID id, @Valid RenderRequest body) {
        return templates.render(id, body == null ? Map.of() : Variables.checked(body.variables())).map(Rendered::new);
    }
}
