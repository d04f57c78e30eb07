package com.partnerflow.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;

/**
 * The build's gate "every path tested" (run by the pom in {@code verify}, after both test passes):
 * every flow node and every sequence flow of every model in {@code processes/} must have been
 * taken by at least one test of the suite, counted over all classes and both databases together
 * (the coverage library writes one {@code report.json} per test class). Per model, not per class:
 * a path may be driven by a fast process test and its neighbour by a full-application test.
 *
 * <p>Arguments: the models' folder, the build's start ({@code yyyy-MM-dd'T'HH:mm:ss'Z'}; older
 * reports, left from an earlier build, do not count), then one or more report folders. Fails
 * listing, per model, what no test took.
 */
public final class FlowCoverageGate {

    private FlowCoverageGate() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: FlowCoverageGate <processes dir> <build start> <report dir>...");
        }
        Path models = Path.of(args[0]);
        Instant buildStart = Instant.parse(args[1]).minusSeconds(5);
        List<Path> reportDirs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            reportDirs.add(Path.of(args[i]));
        }
        List<String> problems = check(models, buildStart, reportDirs);
        if (!problems.isEmpty()) {
            // thrown, not System.exit: exec:java runs in Maven's JVM and fails the build with it
            throw new IllegalStateException("[flow coverage] every flow of every model must be taken by a test:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** @return one line per model below 100 % (or per missing report), empty when everything was taken */
    static List<String> check(Path modelsDir, Instant notBefore, List<Path> reportDirs) throws IOException {
        Map<String, Set<String>> elements = elementsPerModel(modelsDir);
        Map<String, Set<String>> taken = new HashMap<>();
        int reports = 0;
        for (Path dir : reportDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path report : files.filter(p -> p.getFileName().toString().equals("report.json")).toList()) {
                    if (Files.getLastModifiedTime(report).toInstant().isBefore(notBefore)) {
                        continue;
                    }
                    reports++;
                    collectTaken(report, taken);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        if (reports == 0) {
            problems.add("no coverage report of this build in " + reportDirs);
            return problems;
        }
        Map<String, String> summary = new TreeMap<>();
        for (Map.Entry<String, Set<String>> model : new TreeMap<>(elements).entrySet()) {
            Set<String> missing = new LinkedHashSet<>(model.getValue());
            missing.removeAll(taken.getOrDefault(model.getKey(), Set.of()));
            int total = model.getValue().size();
            summary.put(model.getKey(), (total - missing.size()) + "/" + total);
            if (!missing.isEmpty()) {
                problems.add(model.getKey() + " " + (total - missing.size()) + "/" + total + ", never taken: "
                        + String.join(", ", missing));
            }
        }
        System.out.println("[flow coverage] " + reports + " reports; taken per model: " + summary);
        return problems;
    }

    /** Every flow node and sequence flow of each executable process, sub-processes included. */
    static Map<String, Set<String>> elementsPerModel(Path modelsDir) throws IOException {
        Map<String, Set<String>> elements = new TreeMap<>();
        try (Stream<Path> files = Files.list(modelsDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList()) {
                BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
                for (Process process : model.getModelElementsByType(Process.class)) {
                    Set<String> ids = new LinkedHashSet<>();
                    model.getModelElementsByType(FlowNode.class).stream()
                            .filter(node -> belongsTo(node, process)).forEach(node -> ids.add(node.getId()));
                    model.getModelElementsByType(SequenceFlow.class).stream()
                            .filter(flow -> belongsTo(flow, process)).forEach(flow -> ids.add(flow.getId()));
                    elements.put(process.getId(), ids);
                }
            }
        }
        return elements;
    }

    private static boolean belongsTo(org.camunda.bpm.model.xml.instance.ModelElementInstance element, Process process) {
        for (var parent = element.getParentElement(); parent != null; parent = parent.getParentElement()) {
            if (parent instanceof Process) {
                return parent == process;
            }
        }
        return false;
    }

    private static void collectTaken(Path report, Map<String, Set<String>> taken) throws IOException {
        JsonNode root = new ObjectMapper().readTree(report.toFile());
        for (JsonNode suite : root.path("suites")) {
            for (JsonNode run : suite.path("runs")) {
                for (JsonNode event : run.path("events")) {
                    taken.computeIfAbsent(event.path("modelKey").asText(), k -> new java.util.HashSet<>())
                            .add(event.path("definitionKey").asText());
                }
            }
        }
    }
}
