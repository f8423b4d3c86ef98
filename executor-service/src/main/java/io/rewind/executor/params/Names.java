package io.rewind.executor.params;

import java.util.regex.Pattern;

import io.rewind.common.ServiceNames;

/**
 * The shapes of names that step parameters and target specs share. Kubernetes names follow Kubernetes' own rules: a
 * namespace, container or subset is a DNS label; a Deployment, VirtualService or ConfigMap a DNS subdomain; a Service a
 * DNS-1035 label.
 */
public final class Names {

    public static final Pattern DNS_LABEL = Pattern.compile(ServiceNames.PATTERN);
    public static final Pattern DNS_SUBDOMAIN = Pattern
            .compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    public static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    public static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
    /** An absolute path without '.' or '..' segments, doubled slashes, NUL or line breaks. */
    public static final Pattern ABSOLUTE_PATH = Pattern.compile("(/(?!\\.\\.?(/|$))[^/\\x00\\r\\n]+)+");

    public static final String NAMESPACE = "must be a namespace name (a DNS label)";
    public static final String DEPLOYMENT = "must be a Deployment name (a DNS subdomain)";

    private Names() {
    }
}
