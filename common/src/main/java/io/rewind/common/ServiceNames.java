package io.rewind.common;

/**
 * The shape of a service name, shared by policies, plans and components: a DNS label, as Kubernetes names its
 * Deployments and Services, so the same name works everywhere.
 */
public final class ServiceNames {

    public static final String PATTERN = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    public static final String MESSAGE = "must be a DNS label: lower-case letters, digits and '-', at most 63 characters";

    private ServiceNames() {
    }
}
