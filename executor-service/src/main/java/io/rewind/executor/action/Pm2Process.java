package io.rewind.executor.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rewind.executor.target.HostTarget;

/**
 * A PM2 process, through the target's pm2 binary and {@code PM2_HOME}: {@code pm2 jlist} to watch it (every instance
 * of a cluster-mode process counts), {@code pm2 restart <name> --update-env} to restart it, or {@code pm2
 * startOrReload <ecosystem file> --only <name> --update-env} when the target names an ecosystem file.
 */
public final class Pm2Process implements HostProcess {

    /** PM2's statuses that mean it gave up on the process or it was stopped: it will not come up by waiting. */
    private static final Set<String> GIVEN_UP = Set.of("errored", "stopped");

    private final HostRunner runner;
    private final HostTarget target;
    private final ObjectMapper json;

    Pm2Process(HostRunner runner, ObjectMapper json) {
        this.runner = runner;
        this.target = runner.target();
        this.json = json;
    }

    /** One process of {@code pm2 jlist}: only what a step records; the rest (its environment too) is not read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String name, Long pid, @JsonProperty("pm_id") Long pmId, @JsonProperty("pm2_env") Env env) {

        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Env(String status, @JsonProperty("restart_time") Long restartTime) {
        }

        String status() {
            return env == null || env.status() == null ? "unknown" : env.status();
        }

        long restarts() {
            return env == null || env.restartTime() == null ? 0 : env.restartTime();
        }
    }

    @Override
    public String name() {
        return "pm2 process " + target.process();
    }

    private List<String> pm2(String... args) {
        List<String> argv = new ArrayList<>(List.of(target.pm2Binary()));
        argv.addAll(List.of(args));
        return argv;
    }

    private List<Entry> list() {
        String out = runner.require(pm2("jlist"), "asking pm2 for its processes").out();
        // A pm2 that had to start its daemon first says so before the JSON.
        int start = out.startsWith("[") ? 0 : out.indexOf("\n[") + 1;
        try {
            return List.of(json.readValue(out.substring(start), Entry[].class));
        } catch (JsonProcessingException | IndexOutOfBoundsException e) {
            throw new StepFailure("error: pm2 jlist did not answer a list of processes: "
                    + out.substring(0, Math.min(out.length(), 200)));
        }
    }

    @Override
    public Observation observe() {
        List<Entry> all = list();
        List<Entry> mine = all.stream().filter(e -> target.process().equals(e.name())).toList();
        if (mine.isEmpty()) {
            throw new StepFailure("error: process \"" + target.process() + "\" not found in pm2"
                    + (target.pm2Home() == null ? "" : " (PM2_HOME " + target.pm2Home() + ")") + "; pm2 runs "
                    + (all.isEmpty() ? "no processes" : String.join(", ", all.stream().map(Entry::name).distinct().toList())));
        }
        List<Map<String, Object>> instances = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        for (Entry entry : mine) {
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("pmId", entry.pmId());
            instance.put("pid", entry.pid());
            instance.put("status", entry.status());
            instance.put("restarts", entry.restarts());
            instances.add(instance);
            summaries.add(entry.status() + ", pid " + entry.pid() + ", restarts " + entry.restarts());
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("manager", HostTarget.PM2);
        state.put("process", target.process());
        state.put("instances", instances);
        boolean up = mine.stream().allMatch(e -> e.status().equals("online") && e.pid() != null && e.pid() > 0);
        boolean failed = mine.stream().anyMatch(e -> GIVEN_UP.contains(e.status()));
        String identity = mine.stream().map(e -> e.pmId() + ":" + e.pid() + ":" + e.restarts()).toList().toString();
        return new Observation(up, failed, identity, state, String.join("; ", summaries));
    }

    private List<String> restartCommand() {
        return target.ecosystemFile() != null
                ? pm2("startOrReload", target.ecosystemFile(), "--only", target.process(), "--update-env")
                : pm2("restart", target.process(), "--update-env");
    }

    @Override
    public List<List<String>> restartCommands() {
        return List.of(restartCommand(), pm2("jlist"));
    }

    @Override
    public void restart(Map<String, String> env) {
        Programs.Result result = runner.run(restartCommand(), env, runner.commandTimeout());
        if (!result.ok()) {
            throw new StepFailure("error: " + String.join(" ", restartCommand()) + " failed: " + result.said());
        }
    }
}
