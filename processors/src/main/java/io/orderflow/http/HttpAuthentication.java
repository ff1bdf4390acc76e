package io.orderflow.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.Authorization;
import io.vertx.ext.auth.authorization.AuthorizationProvider;
import io.vertx.ext.auth.authorization.PermissionBasedAuthorization;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.jwt.authorization.JWTAuthorization;
import io.vertx.ext.auth.properties.PropertyFileAuthentication;
import io.vertx.ext.auth.properties.PropertyFileAuthorization;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.BasicAuthHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call the HTTP API. Vert.x Web's authentication (the one camel-platform-http's own settings use) checks
 * every request but the probes and the scrape (/observe/health, /observe/metrics, /observe/info): basic
 * authentication against a properties file of users and roles, or JWT bearer tokens signed by a configured key,
 * with their issuer and audience checked. Then the request's role: {@value #ORDERS} places and reads orders,
 * {@value #OPERATOR} sets stock, handles dead letters, uses Jolokia and reads any order.
 * <p>
 * The routes learn the caller from the verified Vert.x user that camel-platform-http hands them
 * (CamelVertxPlatformHttpAuthenticatedUser, a header no request can set: Camel drops inbound Camel* headers and
 * query parameters) through {@link #identify}; nothing a client names in a header or a query
 * parameter says who it is. Inbound {@code Orderflow-*} and {@code X-Orderflow-*} request headers are removed.
 * <p>
 * Authentication is on unless {@code HTTP_AUTH=off}; with nothing configured the process refuses to start.
 * camel-platform-http-main's own switch (camel.server.authenticationEnabled) is not used: in 4.17 it also guards the
 * probes and the scrape, which Kubernetes and Prometheus call without credentials.
 */
public class HttpAuthentication extends RouterGuard {

    public static final String ORDERS = "orders";
    public static final String CALLER = "caller";
    public static final String OPERATOR_PROPERTY = "operator";
    private static final String AUTHENTICATED_USER = "CamelVertxPlatformHttpAuthenticatedUser";
    public static final String OPERATOR = "operator";
    private static final Logger LOG = LoggerFactory.getLogger(HttpAuthentication.class);
    private static final List<String> OPEN_PATHS = List.of("/observe/health", "/observe/metrics", "/observe/info");

    private String mode = "";
    private String usersFile = "";
    private String jwtPublicKey = "";
    private String jwtAlgorithm = "RS256";
    private String jwtIssuer = "";
    private String jwtAudience = "";
    private String rolesClaim = "roles";
    private boolean off;
    private String jwtKeyPem;
    private volatile Verifier verifier;

    /** The credentials and how their roles are read, made with the Vert.x of the first request. */
    private record Verifier(AuthenticationHandler authentication, AuthorizationProvider authorizations,
            Function<String, Authorization> role) {
    }

    /** {@code basic}, {@code jwt} or {@code off}; blank: whichever of the users file and the JWT key is configured. */
    public void setMode(String mode) {
        this.mode = blankIfNull(mode).toLowerCase(Locale.ROOT);
    }

    public void setUsersFile(String usersFile) {
        this.usersFile = blankIfNull(usersFile);
    }

    public void setJwtPublicKey(String jwtPublicKey) {
        this.jwtPublicKey = blankIfNull(jwtPublicKey);
    }

    public void setJwtAlgorithm(String jwtAlgorithm) {
        this.jwtAlgorithm = blankIfNull(jwtAlgorithm).isEmpty() ? "RS256" : jwtAlgorithm;
    }

    public void setJwtIssuer(String jwtIssuer) {
        this.jwtIssuer = blankIfNull(jwtIssuer);
    }

    public void setJwtAudience(String jwtAudience) {
        this.jwtAudience = blankIfNull(jwtAudience);
    }

    public void setRolesClaim(String rolesClaim) {
        this.rolesClaim = blankIfNull(rolesClaim).isEmpty() ? "roles" : rolesClaim;
    }

    /** Fails start-up, saying what to set, unless authentication is configured completely or switched off. */
    public void check() throws IOException {
        if (mode.isEmpty()) {
            mode = !usersFile.isEmpty() ? "basic" : !jwtPublicKey.isEmpty() ? "jwt" : "";
        }
        switch (mode) {
            case "off" -> {
                off = true;
                LOG.warn("HTTP authentication is off (HTTP_AUTH=off): whoever reaches the HTTP port may place and read any"
                        + " order, set stock and replay dead letters");
            }
            case "basic" -> {
                requireReadable(usersFile, "HTTP_USERS_FILE");
                LOG.info("HTTP callers authenticate with basic authentication against {}", usersFile);
            }
            case "jwt" -> {
                requireReadable(jwtPublicKey, "HTTP_JWT_PUBLIC_KEY");
                if (jwtIssuer.isEmpty() || jwtAudience.isEmpty()) {
                    throw new IllegalStateException("HTTP_AUTH=jwt needs HTTP_JWT_ISSUER and HTTP_JWT_AUDIENCE: a token is"
                            + " accepted only from the expected issuer for this audience");
                }
                jwtKeyPem = Files.readString(Path.of(jwtPublicKey), StandardCharsets.US_ASCII);
                LOG.info("HTTP callers authenticate with {} bearer tokens from {} for {}", jwtAlgorithm, jwtIssuer, jwtAudience);
            }
            case "" -> throw new IllegalStateException("HTTP authentication is on and not configured: set HTTP_USERS_FILE"
                    + " (basic authentication, a properties file of users and roles), or HTTP_JWT_PUBLIC_KEY with"
                    + " HTTP_JWT_ISSUER and HTTP_JWT_AUDIENCE (bearer tokens), or HTTP_AUTH=off to accept every caller");
            default -> throw new IllegalStateException("HTTP_AUTH is '" + mode + "': use basic, jwt or off");
        }
    }

    private static void requireReadable(String file, String setting) {
        if (file.isEmpty() || !Files.isReadable(Path.of(file))) {
            throw new IllegalStateException(setting + " names no readable file: '" + file + "'");
        }
    }

    /** Right after the admission check (HttpAdmission), before every route behind it. */
    @Override
    protected void install(VertxPlatformHttpRouter router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::authenticate);
        router.route().order(Integer.MIN_VALUE + 2).handler(this::authorize);
    }

    private void authenticate(RoutingContext request) {
        removeCallerHeaders(request);
        if (off || isOpen(request)) {
            request.next();
            return;
        }
        // on success it calls next(); without valid credentials it ends the request with 401
        verifier(request.vertx()).authentication().handle(request);
    }

    private void authorize(RoutingContext request) {
        if (off || isOpen(request)) {
            request.next();
            return;
        }
        User user = request.user();
        // a CORS preflight passes the authentication handler without credentials; a token must name its subject
        // and expire
        if (user == null || isBlank(user.subject()) || "jwt".equals(mode) && !user.containsKey("exp")) {
            refuse(request, 401, "Send valid credentials: basic authentication, or a bearer token with sub and exp");
            return;
        }
        Verifier verifier = verifier(request.vertx());
        verifier.authorizations().getAuthorizations(user).onComplete(loaded -> {
            if (loaded.failed()) {
                request.fail(loaded.cause());
                return;
            }
            Set<String> allowed = allowedRoles(request.request().method(), request.normalizedPath());
            if (!allowed.isEmpty() && allowed.stream().noneMatch(role -> verifier.role().apply(role).match(user))) {
                refuse(request, 403, "This needs the role " + String.join(" or ", allowed));
                return;
            }
            request.next();
        });
    }

    private static void refuse(RoutingContext request, int status, String error) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", error).put("status", status).encode());
    }

    /**
     * Puts the verified caller's name and whether it is an operator into the exchange properties {@value #CALLER}
     * and {@value #OPERATOR_PROPERTY}, from the Vert.x user camel-platform-http hands the route: no header or query
     * parameter a client sends can set it (Camel drops inbound Camel* names). No user (authentication off): neither.
     */
    public void identify(Exchange exchange) {
        if (exchange.getMessage().getHeader(AUTHENTICATED_USER) instanceof User user) {
            exchange.setProperty(CALLER, user.subject());
            exchange.setProperty(OPERATOR_PROPERTY, verifier != null && verifier.role().apply(OPERATOR).match(user));
        }
    }

    /** The roles that may make this request; none: any authenticated caller (an unknown path then answers 404). */
    static Set<String> allowedRoles(HttpMethod method, String path) {
        if (path.startsWith("/dlq") || path.startsWith("/observe/")) {
            return Set.of(OPERATOR);
        }
        if (path.startsWith("/inventory")) {
            return method == HttpMethod.GET ? Set.of(ORDERS, OPERATOR) : Set.of(OPERATOR);
        }
        if (path.startsWith("/orders")) {
            return method == HttpMethod.POST ? Set.of(ORDERS) : Set.of(ORDERS, OPERATOR);
        }
        return Set.of();
    }

    private static boolean isOpen(RoutingContext request) {
        String path = request.normalizedPath();
        return OPEN_PATHS.stream().anyMatch(open -> path.equals(open) || path.startsWith(open + "/"));
    }

    private static void removeCallerHeaders(RoutingContext request) {
        List<String> posing = new ArrayList<>();
        for (String name : request.request().headers().names()) {
            if (name.regionMatches(true, 0, "orderflow-", 0, 10) || name.regionMatches(true, 0, "x-orderflow-", 0, 12)) {
                posing.add(name);
            }
        }
        posing.forEach(request.request().headers()::remove);
    }

    private Verifier verifier(Vertx vertx) {
        Verifier current = verifier;
        if (current == null) {
            synchronized (this) {
                if (verifier == null) {
                    verifier = "jwt".equals(mode) ? jwtVerifier(vertx) : basicVerifier(vertx);
                }
                current = verifier;
            }
        }
        return current;
    }

    private Verifier basicVerifier(Vertx vertx) {
        return new Verifier(BasicAuthHandler.create(PropertyFileAuthentication.create(vertx, usersFile), "orderflow"),
                PropertyFileAuthorization.create(vertx, usersFile), RoleBasedAuthorization::create);
    }

    private Verifier jwtVerifier(Vertx vertx) {
        JWTAuth tokens = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(jwtAlgorithm).setBuffer(jwtKeyPem))
                .setJWTOptions(new JWTOptions().setIssuer(jwtIssuer).setAudience(List.of(jwtAudience))));
        return new Verifier(JWTAuthHandler.create(tokens), JWTAuthorization.create(rolesClaim), PermissionBasedAuthorization::create);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankIfNull(String value) {
        return value == null ? "" : value.trim();
    }
}
