package io.rewind.common.security;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import io.rewind.common.problem.Problem;
import io.rewind.common.problem.SecurityProblems;

/**
 * Reads {@code Authorization: Bearer <api key>}. A request without the header is anonymous (public paths admit it,
 * the others answer 401); a request with any other scheme, or an empty key, is refused.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "bearer";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Uni.createFrom().nullItem();
        }
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase(BEARER) || header.substring(space + 1).isBlank()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("Authorization is not 'Bearer <key>'"));
        }
        var request = new TokenAuthenticationRequest(new TokenCredential(header.substring(space + 1).trim(), BEARER));
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identityProviderManager.authenticate(request);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", SecurityProblems.CHALLENGE));
    }

    /** The challenge, with the same problem+json body every other refusal carries. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return getChallenge(context).map(challenge -> {
            var response = context.response();
            if (!response.headWritten()) {
                response.setStatusCode(challenge.status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
                challenge.getHeaders().forEach(response::putHeader);
                response.end(SecurityProblems.json(SecurityProblems.unauthorizedProblem(context.request().path())));
            }
            return true;
        });
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, BEARER));
    }
}
