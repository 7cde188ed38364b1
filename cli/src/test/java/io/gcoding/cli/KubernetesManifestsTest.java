package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.gcoding.coordinator.LocalCluster;
import io.gcoding.coordinator.TrainingSpec;
import io.gcoding.data.DatasetSpec;
import io.gcoding.kernels.BackendSelector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * deploy/k8s, parsed into the Kubernetes model (no cluster runs here): the kinds are right, and the flags, env
 * names, ports and counts the manifests use agree with the gcoding command line and with each other.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("").toAbsolutePath().getParent().resolve("deploy/k8s");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Service", Service.class,
            "PersistentVolumeClaim", PersistentVolumeClaim.class, "Deployment", Deployment.class, "Job", Job.class);

    private static List<HasMetadata> resources;
    private static Deployment coordinator;
    private static Service service;
    private static Job workers;

    @BeforeAll
    static void parse() throws IOException {
        resources = new ArrayList<>();
        for (Path file : manifests()) {
            for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
                String kind = doc.get("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(kind);
                assertNotNull(type, file.getFileName() + ": unexpected kind " + kind);
                resources.add(YAML.treeToValue(doc, type));
            }
        }
        coordinator = only(Deployment.class);
        service = only(Service.class);
        workers = only(Job.class);
    }

    @Test
    void theKustomizationListsEveryManifest() throws IOException {
        JsonNode kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        Set<String> listed = new TreeSet<>();
        kustomization.get("resources").forEach(r -> listed.add(r.asText()));
        Set<String> present = manifests().stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(present, listed);
        assertEquals(4, resources.size(), "Service, PersistentVolumeClaim, Deployment, Job");
    }

    @Test
    void theCoordinatorsFlagsExistAndItsPortsAreTheServices() {
        Container c = onlyContainer(coordinator.getSpec().getTemplate());
        ParseResult parsed = parseGcoding(c.getArgs(), "coordinator");
        int listenPort = HostPort.parse(parsed.matchedOptionValue("--listen", ""), "--listen").getPort();
        int metricsPort = parsed.matchedOptionValue("--metrics-port", -1);
        assertEquals(listenPort, containerPort(c, "grpc"));
        assertEquals(metricsPort, containerPort(c, "metrics"));
        for (ServicePort port : service.getSpec().getPorts()) {
            // each Service port names a container port, by name, that serves the same number
            assertEquals(port.getPort(), containerPort(c, port.getTargetPort().getStrVal()), port.getName());
        }
        assertEquals(service.getSpec().getSelector(), coordinator.getSpec().getSelector().getMatchLabels());
        assertTrue(coordinator.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(service.getSpec().getSelector().entrySet()), "the Service selects the coordinator pod");
        assertEquals(1, coordinator.getSpec().getReplicas());
        assertEquals("Recreate", coordinator.getSpec().getStrategy().getType(), "never two coordinators at once");
        assertMountedFromVolume(coordinator.getSpec().getTemplate().getSpec(), c,
                parsed.matchedOptionValue("--json", (Path) null).getParent().toString());
    }

    @Test
    void theCoordinatorsTrainingOptionsMakeAValidRun() {
        ParseResult parsed = parseGcoding(onlyContainer(coordinator.getSpec().getTemplate()).getArgs(),
                "coordinator");
        CoordinatorCommand command = (CoordinatorCommand) parsed.commandSpec().userObject();
        command.options.json = null; // its directory (/results) exists only in the pod
        TrainingSpec training = command.options.toSpec(Map.of());
        assertEquals(workers.getSpec().getCompletions(), training.workers());
        DatasetSpec.parse(training.dataset()); // throws on a bad --dataset
    }

    @Test
    void theWorkersAreAnIndexedJobOfOnePodPerWorkerWithAGpuEach() {
        Container c = onlyContainer(workers.getSpec().getTemplate());
        ParseResult coordinatorArgs = parseGcoding(onlyContainer(coordinator.getSpec().getTemplate()).getArgs(),
                "coordinator");
        int m = coordinatorArgs.matchedOptionValue("--workers", -1);
        assertEquals("Indexed", workers.getSpec().getCompletionMode());
        assertEquals(m, workers.getSpec().getCompletions(), "completions = the coordinator's --workers");
        assertEquals(m, workers.getSpec().getParallelism(), "parallelism = the coordinator's --workers");
        assertTrue(Set.of("OnFailure", "Never").contains(workers.getSpec().getTemplate().getSpec().getRestartPolicy()));
        Quantity gpus = c.getResources().getLimits().get("nvidia.com/gpu");
        assertNotNull(gpus, "the worker requests nvidia.com/gpu");
        assertEquals("1", gpus.getAmount());
        assertEquals("cuda", env(c, BackendSelector.ENV).getValue());
    }

    @Test
    void theWorkerReachesTheServiceAndTakesItsIdFromTheCompletionIndex() {
        Container c = onlyContainer(workers.getSpec().getTemplate());
        ParseResult parsed = parseGcoding(c.getArgs(), "worker");
        var address = HostPort.parse(parsed.matchedOptionValue("--coordinator", ""), "--coordinator");
        assertEquals(service.getMetadata().getName(), address.getHostString());
        assertEquals(servicePort("grpc"), address.getPort());
        assertFalse(parsed.hasMatchedOption("--id"), "the id comes from the pod's completion index");
        EnvVar index = env(c, "JOB_COMPLETION_INDEX");
        assertTrue(WorkerId.RANK_VARIABLES.contains(index.getName()), "gcoding worker reads " + index.getName());
        assertEquals("metadata.annotations['batch.kubernetes.io/job-completion-index']",
                index.getValueFrom().getFieldRef().getFieldPath());
        assertTrue(parsed.matchedOptionValue("--reconnect-timeout", 0.0) >= 60,
                "workers may start long before the coordinator listens");
    }

    @Test
    void bothSidesReadTheSameTokenSecretAsGcodingToken() {
        SecretKeySelector coordinatorToken = env(onlyContainer(coordinator.getSpec().getTemplate()),
                LocalCluster.TOKEN_ENV).getValueFrom().getSecretKeyRef();
        SecretKeySelector workerToken = env(onlyContainer(workers.getSpec().getTemplate()), LocalCluster.TOKEN_ENV)
                .getValueFrom().getSecretKeyRef();
        assertEquals(coordinatorToken, workerToken);
        for (Container c : List.of(onlyContainer(coordinator.getSpec().getTemplate()),
                onlyContainer(workers.getSpec().getTemplate()))) {
            assertFalse(c.getArgs().stream().anyMatch(a -> a.startsWith("--token")), "the token stays off the args");
        }
    }

    @Test
    void theTlsFilesComeFromSecretVolumes() {
        for (PodTemplateSpec pod : List.of(coordinator.getSpec().getTemplate(), workers.getSpec().getTemplate())) {
            Container c = onlyContainer(pod);
            List<String> tlsFiles = c.getArgs().stream().filter(a -> a.startsWith("--tls-"))
                    .map(a -> a.substring(a.indexOf('=') + 1)).toList();
            assertEquals(3, tlsFiles.size(), c.getName() + ": CA, certificate and key");
            for (String file : tlsFiles) {
                Volume volume = assertMountedFromVolume(pod.getSpec(), c, Path.of(file).getParent().toString());
                assertNotNull(volume.getSecret(), file + " comes from a Secret");
            }
        }
    }

    /**
     * Parses {@code args} with the gcoding command line, so that an unknown flag or a bad value fails here. The
     * TLS flags come from another branch: while this command line has no --tls-* option they are left out of the
     * parse (their files are still checked by {@link #theTlsFilesComeFromSecretVolumes()}); once it has them,
     * they are parsed like the others.
     */
    private static ParseResult parseGcoding(List<String> args, String command) {
        assertEquals(command, args.get(0));
        CommandLine cmd = GcodingCommand.newCommandLine();
        CommandSpec spec = cmd.getSubcommands().get(command).getCommandSpec();
        boolean hasTls = spec.options().stream().anyMatch(o -> o.longestName().startsWith("--tls-"));
        List<String> parsed = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                assertTrue(arg.contains("="), arg + ": the manifests write flags as --name=value");
                String name = arg.substring(0, arg.indexOf('='));
                if (name.startsWith("--tls-") && !hasTls) {
                    continue;
                }
                assertNotNull(spec.findOption(name), "gcoding " + command + " has no option " + name);
            }
            parsed.add(arg);
        }
        return cmd.parseArgs(parsed.toArray(String[]::new)).subcommand();
    }

    private static Volume assertMountedFromVolume(PodSpec pod, Container c, String dir) {
        VolumeMount mount = c.getVolumeMounts().stream().filter(v -> v.getMountPath().equals(dir)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + ": nothing mounted at " + dir));
        return pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + ": no volume " + mount.getName()));
    }

    private static int containerPort(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + name));
    }

    private static int servicePort(String name) {
        return service.getSpec().getPorts().stream().filter(p -> name.equals(p.getName())).map(ServicePort::getPort)
                .findFirst().orElseThrow(() -> new AssertionError("the Service has no port named " + name));
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " does not set " + name));
    }

    private static Container onlyContainer(PodTemplateSpec pod) {
        assertEquals(1, pod.getSpec().getContainers().size());
        return pod.getSpec().getContainers().get(0);
    }

    private static <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), "one " + type.getSimpleName());
        return found.get(0);
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")).sorted()
                    .toList();
        }
    }
}
