package io.rewind.executor.target;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.rewind.common.web.BaseUrls;
import io.rewind.executor.params.ParamReader;

/**
 * {@code aws-alb}: the listeners of an AWS Elastic Load Balancer (ELBv2: an Application or Network Load Balancer) whose
 * default action a blue/green rollback points back at another target group, and the target groups it may point at.
 *
 * <p>Spec: {@code region} (such as {@code eu-west-1}); {@code listeners}, names for the listener ARNs steps may touch
 * ({@code {"public-https": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc.../f2f7..."}});
 * {@code targetGroups}, names for the target group ARNs steps may choose between ({@code {"blue": "arn:...:targetgroup/
 * shop-blue/73e2...", "green": ...}}). Every ARN must be of this region. A step names a listener and a target group by
 * these names only; ARNs, the region and the credentials are never a step's.
 *
 * <p>Credentials come from the AWS SDK's default chain (environment, system properties, {@code ~/.aws} profiles, EKS
 * web identity, ECS or EC2 instance roles), or from the named {@code profile} of the executor's AWS config and
 * credentials files, which may itself assume a role ({@code role_arn} with {@code source_profile}). Optional:
 * {@code endpoint}, the ELBv2 API's URL when it is not the region's public one (a VPC interface endpoint, or a local
 * stand-in in tests); {@code timeoutSeconds} for each API call (1 to 120, default 30).
 */
public record AlbTarget(String region, Map<String, String> listeners, Map<String, String> targetGroups, String profile,
        String endpoint, int timeoutSeconds) implements TargetSpec {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9_.+=,@-]{1,64}");
    /** A name for an ARN, as steps give it. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final String ARN = "arn:aws(-[a-z]+)*:elasticloadbalancing:([a-z0-9-]+):[0-9]{12}:";
    private static final Pattern LISTENER_ARN = Pattern.compile(ARN + "listener/(app|net|gwy)/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}/[0-9a-f]{16}");
    private static final Pattern TARGET_GROUP_ARN = Pattern.compile(ARN + "targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}");
    private static final int MAX_ENTRIES = 50;

    static AlbTarget read(ParamReader spec) {
        String region = spec.matching("region", true, REGION, "must be an AWS region such as eu-west-1");
        Map<String, String> listeners = arns(spec, "listeners", spec.object("listeners", true), LISTENER_ARN, "listener",
                region);
        Map<String, String> targetGroups = arns(spec, "targetGroups", spec.object("targetGroups", true), TARGET_GROUP_ARN,
                "target group", region);
        String profile = spec.matching("profile", false, PROFILE, "must be the name of a profile in the executor's AWS"
                + " config and credentials files");
        String endpoint = spec.string("endpoint", false, false);
        if (endpoint != null) {
            String problem = BaseUrls.baseUrlProblem(endpoint, "the ELBv2 API");
            if (problem != null) {
                spec.error("endpoint", problem);
                endpoint = null;
            } else {
                endpoint = BaseUrls.normalized(endpoint);
            }
        }
        Long timeout = spec.integer("timeoutSeconds", false, 1, 120);
        return new AlbTarget(region, listeners, targetGroups, profile, endpoint, timeout == null ? 30 : timeout.intValue());
    }

    /** Names to ARNs, {@code given} under {@code key}: each name a DNS label, each ARN of its kind and {@code region}. */
    private static Map<String, String> arns(ParamReader spec, String key, Map<?, ?> given, Pattern arn, String what,
            String region) {
        Map<String, String> arns = new LinkedHashMap<>();
        if (given == null) {
            return arns;
        }
        if (given.size() > MAX_ENTRIES) {
            spec.error(key, "must name at most " + MAX_ENTRIES + " " + what + "s");
            return arns;
        }
        given.forEach((name, value) -> {
            String field = key + "." + name;
            if (!NAME.matcher(String.valueOf(name)).matches()) {
                spec.error(field, "must be named by a DNS label, such as blue" + ParamReader.echo(String.valueOf(name)));
            } else if (!(value instanceof String text) || !arn.matcher(text).matches()) {
                spec.error(field, "must be the ARN of a " + what + ", such as " + example(what)
                        + (value instanceof String text ? ParamReader.echo(text) : ""));
            } else if (region != null && !region.equals(regionOf(text))) {
                spec.error(field, "is a " + what + " in " + regionOf(text) + ", not in the target's region " + region);
            } else if (arns.containsValue(text)) {
                spec.error(field, "repeats the ARN of another " + what);
            } else {
                arns.put(String.valueOf(name), text);
            }
        });
        return Map.copyOf(arns);
    }

    private static String example(String what) {
        return what.equals("listener")
                ? "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2"
                : "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-blue/73e2d6bc24d8a067";
    }

    private static String regionOf(String arn) {
        return arn.split(":", -1)[3];
    }

    /** The name the target gives {@code arn} among its target groups, or null. */
    public String targetGroupName(String arn) {
        return targetGroups.entrySet().stream().filter(e -> e.getValue().equals(arn)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** The names of {@code names} as a phrase: "blue, green". */
    public static String list(Map<String, String> names) {
        return String.join(", ", names.keySet().stream().sorted().toList());
    }
}
