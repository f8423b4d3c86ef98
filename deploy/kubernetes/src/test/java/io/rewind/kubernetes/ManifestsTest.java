package io.rewind.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;

/**
 * Renders each kustomization with {@code kubectl kustomize} (the same kustomize {@code kubectl apply -k} runs) and
 * validates every rendered object. No API server is needed: each document is read into fabric8's typed model (unknown
 * kinds, unknown fields and mistyped values are refused, as strict server-side validation would), then checked for
 * what the API server would refuse and for what would make the suite fail only once it runs: a reference to a
 * ConfigMap, Secret, key, volume, claim, port or ServiceAccount that the render does not contain, a Service that
 * selects no pod, an environment variable the service never reads, a probe off the health endpoints, requests above
 * limits or below the measured memory, a container that may write its root filesystem or run as root, a Role
 * that grants more (or less) than the executor's code uses, and an executor targets file that is not mounted where
 * {@code REWIND_EXECUTOR_TARGETS_FILE} says, does not fit the executor's target kinds, holds a secret value, or
 * references a secret file no mounted Secret provides ({@link ExecutorTargets}).
 */
class ManifestsTest {

    static final Path ROOT = Path.of(System.getProperty("rewind.root", "../..")).toAbsolutePath().normalize();
    static final Path MANIFESTS = ROOT.resolve("deploy/kubernetes");

    static final String NAMESPACE = "rewind";
    static final List<String> SERVICES = List.of("decision-service", "executor-service", "backup-service", "status-service");

    /**
     * The executor's Role, by what its code calls (executor-service io.rewind.executor.action and
     * DeploymentHistoryService): Deployments read and JSON-patched (undo, scale, rollout status, history);
     * ReplicaSets listed (undo, history); Services read and patched (switchService); ConfigMaps read and patched
     * (flag.disable with flagd, fabric8's edit() being a GET and a JSON patch); Istio VirtualServices read and patched
     * (istio.setWeights). Nothing creates, updates, deletes or watches. Changing this set is a change to what the
     * executor may do: do it here and in base/executor-role.yaml.
     */
    static final Map<String, Set<String>> EXECUTOR_RULES = Map.of(
            "apps/deployments", Set.of("get", "patch"),
            "apps/replicasets", Set.of("list"),
            "/services", Set.of("get", "patch"),
            "/configmaps", Set.of("get", "patch"),
            "networking.istio.io/virtualservices", Set.of("get", "patch"));

    /** RSS after start, measured per service: 240-265 MB on the JVM; the native executables' upper figure. */
    static final BigDecimal JVM_RSS = new BigDecimal(265_000_000);
    static final BigDecimal NATIVE_RSS = new BigDecimal(95L * 1024 * 1024);

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?");
    static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern API_KEY = Pattern.compile("[^:,\\s]+:(viewer|operator|approver|admin|service):[0-9a-f]{64}");
    static final Set<String> NAMESPACED_EXEMPT = Set.of("Namespace");
    static final Map<String, ExecutorTargets.SpecFields> TARGET_KINDS = ExecutorTargets.kinds(ROOT);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "base", "overlays/production", "overlays/native" })
    void everyRenderedObjectValidates(String kustomization) {
        Rendered rendered = Rendered.render(MANIFESTS, kustomization);
        List<String> problems = new ArrayList<>(rendered.problems());
        problems.addAll(validate(rendered));
        if (!problems.isEmpty()) {
            fail(kustomization + ": " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        }
        assertEquals(Set.copyOf(SERVICES), rendered.all(Deployment.class).stream().map(d -> d.getMetadata().getName())
                .collect(Collectors.toSet()), kustomization + " renders exactly the four services");
    }

    @Test
    void productionReplicatesTheStatelessServicesAndProtectsThemFromDrains() {
        Rendered production = Rendered.render(MANIFESTS, "overlays/production");
        for (Deployment d : production.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            int replicas = d.getSpec().getReplicas();
            if (name.equals("backup-service")) {
                assertEquals(1, replicas, "backup-service writes a ReadWriteOnce store: one replica");
                continue;
            }
            assertTrue(replicas >= 2, name + " runs at least 2 replicas in production, has " + replicas);
            assertTrue(production.all(PodDisruptionBudget.class).stream().anyMatch(p -> selects(
                    p.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate().getMetadata().getLabels())),
                    name + " has a PodDisruptionBudget in production");
        }
    }

    @Test
    void nativeOverlayRunsNativeImagesWithoutJvmSettingsAndSmaller() {
        Rendered jvm = Rendered.render(MANIFESTS, "base");
        Rendered nativ = Rendered.render(MANIFESTS, "overlays/native");
        for (Deployment d : nativ.all(Deployment.class)) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertTrue(c.getImage().endsWith("-native"), d.getMetadata().getName() + " runs a native image: " + c.getImage());
            assertTrue(c.getEnv().stream().noneMatch(e -> ServiceSources.JVM_IMAGE_VARIABLES.contains(e.getName())),
                    d.getMetadata().getName() + " sets no JVM setting in the native overlay");
            Container onJvm = jvm.find(Deployment.class, NAMESPACE, d.getMetadata().getName()).orElseThrow()
                    .getSpec().getTemplate().getSpec().getContainers().get(0);
            assertTrue(bytes(c.getResources().getLimits().get("memory"))
                    .compareTo(bytes(onJvm.getResources().getLimits().get("memory"))) < 0,
                    d.getMetadata().getName() + " has a smaller memory limit natively");
        }
    }

    /** Users point the images at their registry with kustomize's images: the base's image names must be what it matches. */
    @Test
    void imagesAreOverridableWithKustomizeImages() throws IOException {
        Path overlay = MANIFESTS.resolve("target/image-override");
        Files.createDirectories(overlay);
        StringBuilder kustomization = new StringBuilder("resources:\n  - ../../base\nimages:\n");
        for (String service : SERVICES) {
            kustomization.append("  - name: rewind/").append(service).append("\n    newName: registry.example.com/team/")
                    .append(service).append("\n    newTag: 9.9.9\n");
        }
        Files.writeString(overlay.resolve("kustomization.yaml"), kustomization);
        Rendered rendered = Rendered.render(MANIFESTS, "target/image-override");
        for (Deployment d : rendered.all(Deployment.class)) {
            assertEquals("registry.example.com/team/" + d.getMetadata().getName() + ":9.9.9",
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        }
        assertEquals(4, rendered.all(Deployment.class).size());
    }

    /**
     * The target kinds and spec fields are read from executor-service's sources: a misread would let a wrong targets
     * file pass, so what is read is pinned here for a few kinds.
     */
    @Test
    void targetKindsAndTheirSpecFieldsAreReadFromTheExecutorsSources() {
        assertEquals(Set.of("kubernetes", "nginx", "unleash", "flagd", "postgres", "http", "prometheus", "backup", "web", "host",
                "aws-alb",
                "commands",
                "docker"),
                TARGET_KINDS.keySet());
        assertEquals(Set.of("baseUrl", "headers", "timeoutSeconds"), TARGET_KINDS.get("web").fields());
        assertEquals(Set.of("region", "listeners", "targetGroups", "profile", "endpoint", "timeoutSeconds"),
                TARGET_KINDS.get("aws-alb").fields());
        assertEquals(Set.of("region", "listeners", "targetGroups"), TARGET_KINDS.get("aws-alb").required());
        assertEquals(Set.of("baseUrl"), TARGET_KINDS.get("web").required());
        ExecutorTargets.SpecFields unleash = TARGET_KINDS.get("unleash");
        assertEquals(Set.of("url", "token", "project", "environment"), unleash.fields());
        assertEquals(Set.of("url", "token", "environment"), unleash.required());
        assertEquals(Set.of("token"), unleash.secrets());
        assertEquals(Set.of("namespaces", "kubeconfig"), TARGET_KINDS.get("kubernetes").fields());
        assertEquals(Set.of("namespaces"), TARGET_KINDS.get("kubernetes").required());
        assertEquals(Set.of("password"), TARGET_KINDS.get("postgres").secrets());
        assertEquals(Set.of("url"), TARGET_KINDS.get("postgres").required());
    }

    /**
     * What an admin might get wrong in the targets file, in an overlay that replaces it: a token written as a value, a
     * reference to a file no Secret mounts, an unknown kind and a misspelt field. Each must be refused here, before
     * executor-service refuses to start (or a step fails) in the cluster.
     */
    @Test
    void aTargetsFileWithASecretValueOrAnUnmountedFileIsRefused() throws IOException {
        Path overlay = MANIFESTS.resolve("target/bad-targets");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("targets.yaml"), """
                targets:
                  shop-flags:
                    kind: unleash
                    spec:
                      url: http://unleash.unleash:4242/api
                      token: plain-admin-token
                      environment: production
                  shop-db:
                    kind: postgres
                    spec:
                      url: jdbc:postgresql://shop-db.shop:5432/shop
                      password: {file: /etc/rewind/secrets/shop-db-pasword}
                  shop-queue:
                    kind: rabbitmq
                    spec: {url: http://rabbitmq.shop:15672}
                  shop-site:
                    kind: http
                    spec: {baseUrl: http://shop.shop:8080, url: http://shop.shop:8080}
                """);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                namespace: rewind
                resources:
                  - ../../base
                configMapGenerator:
                  - name: executor-service-targets
                    behavior: replace
                    files: [targets.yaml]
                """);
        Rendered rendered = Rendered.render(MANIFESTS, "target/bad-targets");
        List<String> problems = new ArrayList<>();
        ExecutorTargets.check(rendered, TARGET_KINDS, problems);
        String all = String.join("\n", problems);
        assertTrue(all.contains("target shop-flags: spec.token must be a secret reference"), all);
        assertTrue(all.contains("target shop-db: spec.password reads the file /etc/rewind/secrets/shop-db-pasword, which is"
                + " no key of a Secret mounted"), all);
        assertTrue(all.contains("target shop-queue: kind \"rabbitmq\" is none of"), all);
        assertTrue(all.contains("target shop-site: spec.url is no field of a http target"), all);
        assertTrue(all.contains("key unleash-token is mounted at /etc/rewind/secrets/unleash-token but no target references it"),
                all);
        assertEquals(5, problems.size(), all);
    }

    static List<String> validate(Rendered r) {
        List<String> problems = new ArrayList<>();
        Map<String, ServiceSources> sources = new HashMap<>();
        for (String service : SERVICES) {
            sources.put(service, new ServiceSources(ROOT, service));
        }
        objects(r, problems);
        Set<String> referenced = new HashSet<>();
        for (Deployment d : r.all(Deployment.class)) {
            deployment(r, d, sources.get(d.getMetadata().getName()), referenced, problems);
        }
        for (Service s : r.all(Service.class)) {
            service(r, s, problems);
        }
        for (PodDisruptionBudget p : r.all(PodDisruptionBudget.class)) {
            disruptionBudget(r, p, problems);
        }
        rbac(r, problems);
        ExecutorTargets.check(r, TARGET_KINDS, problems);
        peerUrls(r, problems);
        apiKeys(r, problems);
        for (HasMetadata o : r.objects()) {
            if ((o instanceof ConfigMap || o instanceof Secret) && !referenced.contains(key(o))) {
                problems.add(describe(o) + " is used by no Deployment");
            }
        }
        return problems;
    }

    /** Names, labels and namespaces of every object. */
    static void objects(Rendered r, List<String> problems) {
        Set<String> seen = new HashSet<>();
        List<Namespace> namespaces = r.all(Namespace.class);
        if (namespaces.size() != 1 || !NAMESPACE.equals(namespaces.get(0).getMetadata().getName())) {
            problems.add("expected exactly one Namespace, '" + NAMESPACE + "', found " + namespaces.size());
        }
        for (HasMetadata o : r.objects()) {
            String name = o.getMetadata().getName();
            if (name == null || !DNS_SUBDOMAIN.matcher(name).matches()
                    || ((o instanceof Service || o instanceof Namespace) && !DNS_LABEL.matcher(name).matches())) {
                problems.add(describe(o) + ": invalid name");
            }
            if (!seen.add(key(o))) {
                problems.add(describe(o) + " is rendered twice");
            }
            if (!NAMESPACED_EXEMPT.contains(o.getKind()) && !NAMESPACE.equals(o.getMetadata().getNamespace())) {
                problems.add(describe(o) + " is in namespace " + o.getMetadata().getNamespace() + ", not " + NAMESPACE);
            }
            Map<String, String> labels = Optional.ofNullable(o.getMetadata().getLabels()).orElse(Map.of());
            labels(describe(o) + " metadata.labels", labels, problems);
            if (!"rewind".equals(labels.get("app.kubernetes.io/part-of")) || labels.get("app.kubernetes.io/name") == null) {
                problems.add(describe(o) + " lacks app.kubernetes.io/name and app.kubernetes.io/part-of=rewind");
            }
        }
    }

    static void deployment(Rendered r, Deployment d, ServiceSources service, Set<String> referenced, List<String> problems) {
        String at = describe(d);
        Map<String, String> podLabels = Optional.ofNullable(d.getSpec().getTemplate().getMetadata().getLabels()).orElse(Map.of());
        labels(at + " pod labels", podLabels, problems);
        Map<String, String> selector = d.getSpec().getSelector() == null ? null : d.getSpec().getSelector().getMatchLabels();
        if (selector == null || selector.isEmpty() || !selects(selector, podLabels)) {
            problems.add(at + ": spec.selector does not match the pod template's labels");
        }
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        String account = pod.getServiceAccountName();
        if (account == null || r.find(ServiceAccount.class, NAMESPACE, account).isEmpty()) {
            problems.add(at + ": serviceAccountName " + account + " is not rendered");
        }
        boolean bound = r.all(RoleBinding.class).stream().flatMap(b -> b.getSubjects().stream())
                .anyMatch(s -> "ServiceAccount".equals(s.getKind()) && Objects.equals(s.getName(), account));
        if (!bound && !Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
            problems.add(at + ": mounts a service account token although no RoleBinding grants it anything");
        }
        if (pod.getSecurityContext() == null || !Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())
                || pod.getSecurityContext().getSeccompProfile() == null
                || !"RuntimeDefault".equals(pod.getSecurityContext().getSeccompProfile().getType())) {
            problems.add(at + ": the pod must set runAsNonRoot and the RuntimeDefault seccomp profile");
        }
        Map<String, Volume> volumes = new HashMap<>();
        for (Volume v : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
            volumes.put(v.getName(), v);
            volume(r, at, d, v, referenced, problems);
        }
        if (pod.getContainers().size() != 1) {
            problems.add(at + ": expected one container, found " + pod.getContainers().size());
        }
        for (Container c : pod.getContainers()) {
            container(r, at + " container " + c.getName(), d, c, service, volumes, referenced, problems);
        }
    }

    static void volume(Rendered r, String at, Deployment d, Volume v, Set<String> referenced, List<String> problems) {
        if (v.getPersistentVolumeClaim() != null) {
            Optional<PersistentVolumeClaim> claim = r.find(PersistentVolumeClaim.class, NAMESPACE, v.getPersistentVolumeClaim().getClaimName());
            if (claim.isEmpty()) {
                problems.add(at + ": volume " + v.getName() + " claims " + v.getPersistentVolumeClaim().getClaimName() + ", not rendered");
            } else if (claim.get().getSpec().getAccessModes().contains("ReadWriteOnce")
                    && (d.getSpec().getReplicas() > 1 || d.getSpec().getStrategy() == null
                            || !"Recreate".equals(d.getSpec().getStrategy().getType()))) {
                problems.add(at + ": mounts the ReadWriteOnce claim " + claim.get().getMetadata().getName()
                        + ": needs one replica and the Recreate strategy (a rolling update would wait on the volume)");
            }
        } else if (v.getConfigMap() != null) {
            refer(r, at + " volume " + v.getName(), ConfigMap.class, v.getConfigMap().getName(), null, v.getConfigMap().getOptional(), referenced, problems);
        } else if (v.getSecret() != null) {
            refer(r, at + " volume " + v.getName(), Secret.class, v.getSecret().getSecretName(), null, v.getSecret().getOptional(), referenced, problems);
        } else if (v.getEmptyDir() == null) {
            problems.add(at + ": volume " + v.getName() + " is of a kind this suite does not use");
        }
    }

    static void container(Rendered r, String at, Deployment d, Container c, ServiceSources service,
            Map<String, Volume> volumes, Set<String> referenced, List<String> problems) {
        String name = d.getMetadata().getName();
        if (c.getImage() == null || !c.getImage().matches("rewind/" + Pattern.quote(name) + ":[\\w][\\w.-]{0,127}")
                && !c.getImage().matches("[\\w.-]+(:\\d+)?/[\\w./-]*" + Pattern.quote(name) + ":[\\w][\\w.-]{0,127}")) {
            problems.add(at + ": image " + c.getImage() + " is not <registry/>rewind/" + name + ":<tag>");
        }
        List<ContainerPort> ports = Optional.ofNullable(c.getPorts()).orElse(List.of());
        if (ports.size() != 1 || ports.get(0).getContainerPort() != service.port() || !"http".equals(ports.get(0).getName())) {
            problems.add(at + ": expected one port 'http', " + service.port() + " (the service's quarkus.http.port)");
        }
        probe(at + " startupProbe", c.getStartupProbe(), "/q/health/started", ports, problems);
        probe(at + " livenessProbe", c.getLivenessProbe(), "/q/health/live", ports, problems);
        probe(at + " readinessProbe", c.getReadinessProbe(), "/q/health/ready", ports, problems);
        resources(at, c.getResources(), c.getImage() != null && c.getImage().endsWith("-native"), problems);

        var security = c.getSecurityContext();
        if (security == null || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())
                || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()) || !Boolean.TRUE.equals(security.getRunAsNonRoot())
                || security.getCapabilities() == null || !List.of("ALL").equals(security.getCapabilities().getDrop())
                || Boolean.TRUE.equals(security.getPrivileged())) {
            problems.add(at + ": securityContext must set allowPrivilegeEscalation false, readOnlyRootFilesystem, "
                    + "runAsNonRoot and drop ALL capabilities");
        }
        Set<String> mounted = new HashSet<>();
        for (VolumeMount m : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
            if (!volumes.containsKey(m.getName())) {
                problems.add(at + ": mounts volume " + m.getName() + ", which the pod does not define");
            }
            mounted.add(m.getMountPath());
        }
        if (!mounted.contains("/tmp")) {
            problems.add(at + ": the root filesystem is read-only, so java.io.tmpdir (/tmp) needs a writable volume");
        }

        Set<String> names = new HashSet<>();
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            String var = e.getName();
            if (var == null || !ENV_NAME.matcher(var).matches() || !names.add(var)) {
                problems.add(at + ": env " + var + " is invalid or set twice");
                continue;
            }
            if (!service.reads(var)) {
                problems.add(at + ": env " + var + " is read by nothing in " + name
                        + " (not in its application.properties, common's microprofile-config.properties or its @ConfigMapping)");
            }
            if (e.getValueFrom() == null) {
                if (e.getValue() == null) {
                    problems.add(at + ": env " + var + " has neither value nor valueFrom");
                }
                continue;
            }
            if (e.getValue() != null) {
                problems.add(at + ": env " + var + " has both value and valueFrom");
            }
            var from = e.getValueFrom();
            if (from.getConfigMapKeyRef() != null) {
                refer(r, at + " env " + var, ConfigMap.class, from.getConfigMapKeyRef().getName(),
                        from.getConfigMapKeyRef().getKey(), from.getConfigMapKeyRef().getOptional(), referenced, problems);
            } else if (from.getSecretKeyRef() != null) {
                refer(r, at + " env " + var, Secret.class, from.getSecretKeyRef().getName(),
                        from.getSecretKeyRef().getKey(), from.getSecretKeyRef().getOptional(), referenced, problems);
            } else {
                problems.add(at + ": env " + var + " takes its value from neither a ConfigMap nor a Secret");
            }
        }
        for (String required : List.of("REWIND_DB_URL", "REWIND_DB_USER", "REWIND_DB_PASSWORD", "REWIND_API_KEYS")) {
            if (!names.contains(required)) {
                problems.add(at + ": does not set " + required);
            }
        }
        for (String secret : List.of("REWIND_DB_PASSWORD", "REWIND_API_KEYS", "REWIND_SERVICE_KEY")) {
            c.getEnv().stream().filter(e -> e.getName().equals(secret)).findFirst().ifPresent(e -> {
                if (e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null) {
                    problems.add(at + ": " + secret + " must come from a Secret");
                }
            });
        }
    }

    static void probe(String at, Probe probe, String path, List<ContainerPort> ports, List<String> problems) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(at + ": missing, or not an HTTP GET");
            return;
        }
        if (!path.equals(probe.getHttpGet().getPath())) {
            problems.add(at + ": path " + probe.getHttpGet().getPath() + ", expected " + path);
        }
        if (!portExists(probe.getHttpGet().getPort(), ports)) {
            problems.add(at + ": port " + probe.getHttpGet().getPort() + " is no container port");
        }
        for (Integer value : new Integer[] { probe.getPeriodSeconds(), probe.getTimeoutSeconds(), probe.getFailureThreshold() }) {
            if (value != null && value < 1) {
                problems.add(at + ": periods, timeouts and thresholds must be at least 1");
            }
        }
    }

    static void resources(String at, ResourceRequirements resources, boolean nativeImage, List<String> problems) {
        if (resources == null || resources.getRequests() == null || resources.getLimits() == null) {
            problems.add(at + ": no resource requests and limits");
            return;
        }
        for (String kind : List.of("cpu", "memory")) {
            Quantity request = resources.getRequests().get(kind);
            Quantity limit = resources.getLimits().get(kind);
            if (request == null || limit == null) {
                problems.add(at + ": no " + kind + " request or limit");
                continue;
            }
            try {
                if (bytes(request).compareTo(bytes(limit)) > 0) {
                    problems.add(at + ": " + kind + " request " + request + " exceeds its limit " + limit);
                }
            } catch (RuntimeException e) {
                problems.add(at + ": " + kind + " quantity does not parse: " + e.getMessage());
            }
        }
        Quantity memory = resources.getRequests().get("memory");
        BigDecimal measured = nativeImage ? NATIVE_RSS : JVM_RSS;
        if (memory != null && bytes(memory).compareTo(measured) < 0) {
            problems.add(at + ": memory request " + memory + " is below the measured RSS after start (" + measured + " bytes)");
        }
        Quantity limit = resources.getLimits().get("memory");
        if (limit != null && bytes(limit).compareTo(measured.multiply(new BigDecimal("1.5"))) < 0) {
            problems.add(at + ": memory limit " + limit + " leaves less than half the measured RSS for load");
        }
    }

    static void service(Rendered r, Service s, List<String> problems) {
        Map<String, String> selector = s.getSpec().getSelector();
        List<Deployment> selected = r.all(Deployment.class).stream()
                .filter(d -> selector != null && !selector.isEmpty()
                        && selects(selector, d.getSpec().getTemplate().getMetadata().getLabels()))
                .collect(Collectors.toList());
        if (selected.size() != 1) {
            problems.add(describe(s) + ": selector " + selector + " matches " + selected.size() + " Deployments, expected 1");
            return;
        }
        List<ContainerPort> ports = selected.get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getPorts();
        for (ServicePort port : s.getSpec().getPorts()) {
            if (port.getPort() == null || port.getPort() < 1 || port.getPort() > 65535) {
                problems.add(describe(s) + ": invalid port " + port.getPort());
            }
            IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
            if (!portExists(target, ports)) {
                problems.add(describe(s) + ": targetPort " + target + " is no port of " + describe(selected.get(0)));
            }
        }
    }

    static void disruptionBudget(Rendered r, PodDisruptionBudget p, List<String> problems) {
        List<Deployment> selected = r.all(Deployment.class).stream()
                .filter(d -> selects(p.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate().getMetadata().getLabels()))
                .collect(Collectors.toList());
        if (selected.size() != 1) {
            problems.add(describe(p) + ": selects " + selected.size() + " Deployments, expected 1");
            return;
        }
        IntOrString min = p.getSpec().getMinAvailable();
        if (min == null || min.getIntVal() == null || min.getIntVal() >= selected.get(0).getSpec().getReplicas()) {
            problems.add(describe(p) + ": minAvailable " + min + " must be a number below the replicas of "
                    + describe(selected.get(0)) + " (" + selected.get(0).getSpec().getReplicas() + "), or no node drains");
        }
    }

    static void rbac(Rendered r, List<String> problems) {
        List<Role> roles = r.all(Role.class);
        if (roles.size() != 1 || !"rewind-executor".equals(roles.get(0).getMetadata().getName())) {
            problems.add("expected exactly one Role, rewind-executor; found " + roles.size());
        } else {
            Map<String, Set<String>> granted = new TreeMap<>();
            for (PolicyRule rule : roles.get(0).getRules()) {
                if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty() || rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
                    problems.add("Role rewind-executor: unexpected resourceNames or nonResourceURLs");
                }
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        granted.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>()).addAll(rule.getVerbs());
                    }
                }
            }
            if (!new TreeMap<>(EXECUTOR_RULES).equals(granted.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue()))))) {
                problems.add("Role rewind-executor grants " + granted + "; the executor's code uses exactly "
                        + new TreeMap<>(EXECUTOR_RULES));
            }
        }
        for (RoleBinding b : r.all(RoleBinding.class)) {
            if (!"Role".equals(b.getRoleRef().getKind()) || r.find(Role.class, NAMESPACE, b.getRoleRef().getName()).isEmpty()) {
                problems.add(describe(b) + ": roleRef " + b.getRoleRef().getKind() + " " + b.getRoleRef().getName() + " is not rendered");
            }
            for (Subject s : b.getSubjects()) {
                if (!"ServiceAccount".equals(s.getKind())
                        || r.find(ServiceAccount.class, Objects.toString(s.getNamespace(), ""), s.getName()).isEmpty()) {
                    problems.add(describe(b) + ": subject " + s.getKind() + " " + s.getNamespace() + "/" + s.getName()
                            + " is no ServiceAccount of the render");
                }
            }
        }
    }

    /** The Rewind URLs in ConfigMaps name a rendered Service and one of its ports. */
    static void peerUrls(Rendered r, List<String> problems) {
        Map<String, Service> services = r.all(Service.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity()));
        for (ConfigMap cm : r.all(ConfigMap.class)) {
            Rendered.entries(cm).forEach((key, value) -> {
                if (!key.matches("REWIND_(BACKUP|EXECUTOR|STATUS|DECISION)_URL")) {
                    return;
                }
                URI uri = URI.create(value);
                String host = uri.getHost() == null ? "" : uri.getHost().split("\\.")[0];
                Service target = services.get(host);
                if (target == null || target.getSpec().getPorts().stream().noneMatch(p -> p.getPort() == uri.getPort())) {
                    problems.add(describe(cm) + ": " + key + "=" + value + " is no port of a rendered Service");
                } else if (!key.startsWith("REWIND_" + host.replace("-service", "").toUpperCase())) {
                    problems.add(describe(cm) + ": " + key + " points at " + host);
                }
            });
        }
    }

    static void apiKeys(Rendered r, List<String> problems) {
        for (Secret s : r.all(Secret.class)) {
            String keys = Rendered.entries(s).get("REWIND_API_KEYS");
            if (keys == null) {
                continue;
            }
            for (String entry : keys.split(",")) {
                if (!API_KEY.matcher(entry.trim()).matches()) {
                    problems.add(describe(s) + ": REWIND_API_KEYS entry '" + entry + "' is not name:role:sha256-hex");
                }
            }
            for (String caller : List.of("decision-service", "executor-service")) {
                if (Arrays.stream(keys.split(",")).map(String::trim).noneMatch(k -> k.startsWith(caller + ":service:"))) {
                    problems.add(describe(s) + ": REWIND_API_KEYS holds no key " + caller + ":service:...: " + caller
                            + " could not call the others");
                }
            }
        }
        // A service's clear key is read by that service alone: a Secret holding it is referenced by no other Deployment.
        for (Deployment d : r.all(Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                c.getEnv().stream().filter(e -> e.getName().equals("REWIND_SERVICE_KEY")).forEach(e -> {
                    String secret = e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null ? null
                            : e.getValueFrom().getSecretKeyRef().getName();
                    // kustomize appends a hash of the content to generated names.
                    if (secret == null || !secret.matches(Pattern.quote(d.getMetadata().getName() + "-key") + "(-[a-z0-9]{10})?")) {
                        problems.add(describe(d) + ": REWIND_SERVICE_KEY comes from " + secret + ", not from "
                                + d.getMetadata().getName() + "-key, the Secret of its own key");
                    }
                });
            }
        }
    }

    static void refer(Rendered r, String at, Class<? extends HasMetadata> type, String name, String key, Boolean optional,
            Set<String> referenced, List<String> problems) {
        Optional<? extends HasMetadata> target = r.find(type, NAMESPACE, Objects.toString(name, ""));
        target.ifPresent(t -> referenced.add(key(t)));
        if (Boolean.TRUE.equals(optional)) {
            return;
        }
        if (target.isEmpty()) {
            problems.add(at + ": refers to " + type.getSimpleName() + " " + name + ", which is not rendered");
        } else if (key != null && !Rendered.entries(target.get()).containsKey(key)) {
            problems.add(at + ": " + type.getSimpleName() + " " + name + " has no key " + key);
        }
    }

    static void labels(String at, Map<String, String> labels, List<String> problems) {
        labels.forEach((k, v) -> {
            if (!LABEL_KEY.matcher(k).matches() || v == null || !LABEL_VALUE.matcher(v).matches()) {
                problems.add(at + ": invalid label " + k + "=" + v);
            }
        });
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    static boolean portExists(IntOrString port, List<ContainerPort> ports) {
        if (port == null || ports == null) {
            return false;
        }
        return ports.stream().anyMatch(p -> port.getStrVal() != null ? port.getStrVal().equals(p.getName())
                : Objects.equals(port.getIntVal(), p.getContainerPort()));
    }

    static BigDecimal bytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }

    static String key(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    static String describe(HasMetadata o) {
        return o.getKind() + " " + o.getMetadata().getName();
    }
}
