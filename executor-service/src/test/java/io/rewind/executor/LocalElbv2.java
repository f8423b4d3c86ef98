package io.rewind.executor;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * NOT AWS: a local stand-in for the AWS Elastic Load Balancing v2 API, for tests only (no AWS endpoint is reachable
 * where Rewind is built). A real HTTP server on 127.0.0.1 that answers the ELBv2 Query API as AWS documents it
 * (API version 2015-12-01): form-encoded POSTs of {@code Action=DescribeListeners} and {@code Action=ModifyListener},
 * answered with the {@code DescribeListenersResponse} and {@code ModifyListenerResponse} XML documents (each listener
 * with its {@code DefaultActions}: {@code TargetGroupArn} and {@code ForwardConfig} for a forward, as AWS returns them,
 * and {@code ResponseMetadata/RequestId}), and AWS's {@code ErrorResponse} XML ({@code ListenerNotFound},
 * {@code TargetGroupNotFound}, {@code MissingAuthenticationToken}, {@code AccessDenied}) for what AWS would refuse.
 *
 * <p>It checks what it can of a real client's request: the {@code Version}, a SigV4 {@code Authorization} header (it
 * does not verify the signature; it records the header so tests can assert the SDK signed with the credentials they
 * configured), and that every ARN exists. It records each request it received, which attack tests assert stayed empty.
 * What it does not do: verify signatures, enforce IAM beyond a denied access key, or model rules, load balancers and
 * target health. The real AWS API is not tested here.
 */
public final class LocalElbv2 implements AutoCloseable {

    public static final String REGION = "eu-west-1";
    public static final String ACCOUNT = "123456789012";
    /** The access key of the test profile {@link #PROFILE}, written by {@link #useTestCredentials()}. */
    public static final String ACCESS_KEY = "AKIAREWINDTESTKEY001";
    public static final String PROFILE = "rewind-test";
    /** A profile whose access key this server denies, as IAM would deny a role without the permission. */
    public static final String DENIED_PROFILE = "rewind-denied";
    public static final String DENIED_ACCESS_KEY = "AKIAREWINDDENIEDKEY1";
    private static final String NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    /** A target group a forward sends to, with its weight. */
    public record Group(String arn, int weight) {
    }

    /** A listener's default action: a forward (groups, stickiness in seconds or null), or a fixed response. */
    public record DefaultAction(String type, List<Group> groups, Integer stickySeconds) {

        public static DefaultAction forward(String arn) {
            return new DefaultAction("forward", List.of(new Group(arn, 1)), null);
        }

        public static DefaultAction fixedResponse() {
            return new DefaultAction("fixed-response", List.of(), null);
        }
    }

    /** A request as received: its {@code Action}, its {@code Authorization} header and its form parameters. */
    public record Request(String action, String authorization, Map<String, String> params) {
    }

    private final HttpServer server;
    private final Map<String, DefaultAction> listeners = new ConcurrentHashMap<>();
    private final Set<String> targetGroups = ConcurrentHashMap.newKeySet();
    private final List<Request> received = new CopyOnWriteArrayList<>();

    public LocalElbv2() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Points the AWS SDK's shared credentials and config files at files under {@code target/} holding the profiles
     * {@link #PROFILE} and {@link #DENIED_PROFILE} with static test keys, so nothing of the machine's own {@code ~/.aws}
     * is read or used.
     */
    public static void useTestCredentials() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "aws-test"));
        Path credentials = dir.resolve("credentials");
        Files.writeString(credentials, "[" + PROFILE + "]\naws_access_key_id = " + ACCESS_KEY
                + "\naws_secret_access_key = rewind-test-secret-not-aws\n\n[" + DENIED_PROFILE + "]\naws_access_key_id = "
                + DENIED_ACCESS_KEY + "\naws_secret_access_key = rewind-test-secret-not-aws\n");
        Path config = dir.resolve("config");
        Files.writeString(config, "");
        System.setProperty("aws.sharedCredentialsFile", credentials.toAbsolutePath().toString());
        System.setProperty("aws.configFile", config.toAbsolutePath().toString());
    }

    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    private static String hex16() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }

    /** A new target group this server knows; its ARN. */
    public String targetGroup(String name) {
        String arn = unknownTargetGroup(name);
        targetGroups.add(arn);
        return arn;
    }

    /** A well-formed target group ARN this server does not know. */
    public static String unknownTargetGroup(String name) {
        return "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT + ":targetgroup/" + name + "/" + hex16();
    }

    /** A new HTTPS listener of a new Application Load Balancer, forwarding to {@code targetGroup}; its ARN. */
    public String listener(String loadBalancer, String targetGroup) {
        String arn = unknownListener(loadBalancer);
        listeners.put(arn, DefaultAction.forward(targetGroup));
        return arn;
    }

    /** A well-formed listener ARN this server does not know. */
    public static String unknownListener(String loadBalancer) {
        return "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT + ":listener/app/" + loadBalancer + "/" + hex16()
                + "/" + hex16();
    }

    public DefaultAction defaultAction(String listener) {
        return listeners.get(listener);
    }

    /** Sets a listener's default action as someone with the console would. */
    public void set(String listener, DefaultAction action) {
        listeners.put(listener, action);
    }

    public List<Request> received() {
        return List.copyOf(received);
    }

    /** How many requests of {@code action} ({@code ModifyListener}) were received. */
    public long count(String action) {
        return received.stream().filter(r -> action.equals(r.action())).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> params = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String action = params.get("Action");
            received.add(new Request(action, authorization, Map.copyOf(params)));
            String[] answer = answer(action, authorization, params);
            byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.getResponseHeaders().add("x-amzn-RequestId", answer[2]);
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** Status, XML body and request id. */
    private String[] answer(String action, String authorization, Map<String, String> params) {
        String requestId = UUID.randomUUID().toString();
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
            return error(403, "MissingAuthenticationToken", "Request is missing Authentication Token", requestId);
        }
        if (authorization.contains("Credential=" + DENIED_ACCESS_KEY + "/")) {
            return error(403, "AccessDenied", "User: arn:aws:iam::" + ACCOUNT + ":user/rewind-denied is not authorized"
                    + " to perform: elasticloadbalancing:" + action, requestId);
        }
        if (!"2015-12-01".equals(params.get("Version"))) {
            return error(400, "InvalidAction", "Could not find operation " + action + " for version "
                    + params.get("Version"), requestId);
        }
        if ("DescribeListeners".equals(action)) {
            StringBuilder members = new StringBuilder();
            for (int i = 1; params.containsKey("ListenerArns.member." + i); i++) {
                String arn = params.get("ListenerArns.member." + i);
                DefaultAction defaultAction = listeners.get(arn);
                if (defaultAction == null) {
                    return error(400, "ListenerNotFound", "One or more listeners not found", requestId);
                }
                members.append(listener(arn, defaultAction));
            }
            return ok("DescribeListeners", members, requestId);
        }
        if ("ModifyListener".equals(action)) {
            String arn = params.get("ListenerArn");
            if (arn == null || !listeners.containsKey(arn)) {
                return error(400, "ListenerNotFound", "One or more listeners not found", requestId);
            }
            DefaultAction wanted = defaultAction(params);
            if (wanted == null) {
                return error(400, "ValidationError", "A forward default action with a target group is required here",
                        requestId);
            }
            if (wanted.groups().stream().anyMatch(g -> !targetGroups.contains(g.arn()))) {
                return error(400, "TargetGroupNotFound", "One or more target groups not found", requestId);
            }
            listeners.put(arn, wanted);
            return ok("ModifyListener", new StringBuilder(listener(arn, wanted)), requestId);
        }
        return error(400, "InvalidAction", "Could not find operation " + action + " for version 2015-12-01", requestId);
    }

    /** {@code DefaultActions.member.1} as the Query API encodes it: the short form or a {@code ForwardConfig}. */
    private static DefaultAction defaultAction(Map<String, String> params) {
        String at = "DefaultActions.member.1.";
        if (!"forward".equals(params.get(at + "Type")) || params.containsKey("DefaultActions.member.2.Type")) {
            return null;
        }
        List<Group> groups = new ArrayList<>();
        String config = at + "ForwardConfig.";
        for (int i = 1; params.containsKey(config + "TargetGroups.member." + i + ".TargetGroupArn"); i++) {
            String weight = params.get(config + "TargetGroups.member." + i + ".Weight");
            groups.add(new Group(params.get(config + "TargetGroups.member." + i + ".TargetGroupArn"),
                    weight == null ? 1 : Integer.parseInt(weight)));
        }
        String single = params.get(at + "TargetGroupArn");
        if (groups.isEmpty() && single != null) {
            groups.add(new Group(single, 1));
        }
        if (groups.isEmpty()) {
            return null;
        }
        Integer sticky = "true".equals(params.get(config + "TargetGroupStickinessConfig.Enabled"))
                ? Integer.valueOf(params.getOrDefault(config + "TargetGroupStickinessConfig.DurationSeconds", "3600"))
                : null;
        return new DefaultAction("forward", List.copyOf(groups), sticky);
    }

    /** One {@code Listeners/member}, its default action written as AWS writes it. */
    private static String listener(String arn, DefaultAction action) {
        String[] parts = arn.split(":")[5].split("/");
        String loadBalancer = "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT + ":loadbalancer/app/" + parts[2]
                + "/" + parts[3];
        StringBuilder xml = new StringBuilder("<member><LoadBalancerArn>").append(loadBalancer)
                .append("</LoadBalancerArn><Protocol>HTTPS</Protocol><Port>443</Port><ListenerArn>").append(arn)
                .append("</ListenerArn><SslPolicy>ELBSecurityPolicy-TLS13-1-2-2021-06</SslPolicy>")
                .append("<DefaultActions><member><Type>").append(action.type()).append("</Type>");
        if (action.type().equals("fixed-response")) {
            xml.append("<FixedResponseConfig><StatusCode>503</StatusCode><ContentType>text/plain</ContentType>"
                    + "<MessageBody>down for maintenance</MessageBody></FixedResponseConfig>");
        } else {
            if (action.groups().size() == 1) {
                xml.append("<TargetGroupArn>").append(action.groups().get(0).arn()).append("</TargetGroupArn>");
            }
            xml.append("<ForwardConfig><TargetGroups>");
            action.groups().forEach(g -> xml.append("<member><TargetGroupArn>").append(g.arn())
                    .append("</TargetGroupArn><Weight>").append(g.weight()).append("</Weight></member>"));
            xml.append("</TargetGroups><TargetGroupStickinessConfig><Enabled>").append(action.stickySeconds() != null)
                    .append("</Enabled>");
            if (action.stickySeconds() != null) {
                xml.append("<DurationSeconds>").append(action.stickySeconds()).append("</DurationSeconds>");
            }
            xml.append("</TargetGroupStickinessConfig></ForwardConfig>");
        }
        return xml.append("</member></DefaultActions></member>").toString();
    }

    private static String[] ok(String action, CharSequence listeners, String requestId) {
        return new String[] { "200", "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result><Listeners>"
                + listeners + "</Listeners></" + action + "Result><ResponseMetadata><RequestId>" + requestId
                + "</RequestId></ResponseMetadata></" + action + "Response>", requestId };
    }

    private static String[] error(int status, String code, String message, String requestId) {
        return new String[] { String.valueOf(status), "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>"
                + code + "</Code><Message>" + message + "</Message></Error><RequestId>" + requestId
                + "</RequestId></ErrorResponse>", requestId };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
