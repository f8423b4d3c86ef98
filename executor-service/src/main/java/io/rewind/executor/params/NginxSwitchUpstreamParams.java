package io.rewind.executor.params;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code nginx.switchUpstream}: rewrites the target's include file to point at other servers, checks the configuration
 * ({@code nginx -t}) and reloads. Params: {@code upstream}, the name of an upstream block (written as
 * {@code proxy_pass http://name;}, for an include inside a {@code location}) or a non-empty array of servers such as
 * {@code "10.0.0.7:8080"} (written as {@code server ...;} lines, for an include inside an {@code upstream} block).
 * The binary, configuration and include file are the target's.
 *
 * @param upstreamName the upstream block's name, or null
 * @param servers the servers, or null
 */
public record NginxSwitchUpstreamParams(String upstreamName, List<String> servers) implements StepParams {

    // Written into nginx configuration: whitespace, ';', braces or quotes would let a value add directives.
    private static final Pattern UPSTREAM_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9_.:\\[\\]/-]+");

    public static NginxSwitchUpstreamParams read(ParamReader p) {
        p.moved("includeFile", "the step's nginx target holds it (spec.includeFile)");
        p.moved("nginxBinary", "the step's nginx target holds it (spec.binary)");
        p.moved("prefix", "the step's nginx target holds it (spec.prefix)");
        p.moved("config", "the step's nginx target holds it (spec.config)");
        Object upstream = p.get("upstream");
        if (upstream == null) {
            p.error("upstream", "is required");
        } else if (upstream instanceof String name) {
            if (!UPSTREAM_NAME.matcher(name).matches()) {
                p.error("upstream", "must be the name of an upstream block" + ParamReader.echo(name));
            }
            return new NginxSwitchUpstreamParams(name, null);
        } else if (upstream instanceof List<?> list) {
            if (list.isEmpty()) {
                p.error("upstream", "must list at least one server");
            }
            List<String> servers = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String server) || !SERVER.matcher(server).matches()) {
                    p.error("upstream[" + i + "]", "must be a server address such as 10.0.0.7:8080 or unix:/run/app.sock");
                } else {
                    servers.add(server);
                }
            }
            return new NginxSwitchUpstreamParams(null, List.copyOf(servers));
        } else {
            p.error("upstream", "must be the name of an upstream block or an array of servers");
        }
        return new NginxSwitchUpstreamParams(null, null);
    }
}
