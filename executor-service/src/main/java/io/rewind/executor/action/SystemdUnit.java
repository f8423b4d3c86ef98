package io.rewind.executor.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rewind.executor.target.HostTarget;

/**
 * A systemd unit, through the target's systemctl binary ({@code --user} for a user unit): {@code systemctl show} to
 * watch it, {@code systemctl restart} to restart it and {@code systemctl is-active} to verify it. The unit's own
 * environment is its unit file's: systemctl passes none from the caller, so the target's {@code environment} reaches
 * only the install command.
 */
final class SystemdUnit implements HostProcess {

    private static final String PROPERTIES = "LoadState,ActiveState,SubState,MainPID,NRestarts";

    private final HostRunner runner;
    private final HostTarget target;

    SystemdUnit(HostRunner runner) {
        this.runner = runner;
        this.target = runner.target();
    }

    @Override
    public String name() {
        return "systemd unit " + target.unit();
    }

    private List<String> systemctl(String... args) {
        List<String> argv = new ArrayList<>(List.of(target.systemctlBinary()));
        if ("user".equals(target.systemdScope())) {
            argv.add("--user");
        }
        argv.addAll(List.of(args));
        return argv;
    }

    @Override
    public Observation observe() {
        String out = runner.require(systemctl("show", target.unit(), "--property=" + PROPERTIES),
                "asking systemd about " + target.unit()).out();
        Map<String, String> properties = new LinkedHashMap<>();
        out.lines().filter(line -> line.contains("=")).forEach(line ->
                properties.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1).strip()));
        String load = properties.getOrDefault("LoadState", "");
        if (!load.equals("loaded")) {
            throw new StepFailure("error: unit " + target.unit() + " not found by systemd (LoadState="
                    + (load.isEmpty() ? "unknown" : load) + ")");
        }
        String active = properties.getOrDefault("ActiveState", "unknown");
        String sub = properties.getOrDefault("SubState", "unknown");
        String pid = properties.getOrDefault("MainPID", "0");
        String restarts = properties.getOrDefault("NRestarts", "0");
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("manager", HostTarget.SYSTEMD);
        state.put("unit", target.unit());
        state.put("activeState", active);
        state.put("subState", sub);
        state.put("mainPid", pid);
        state.put("restarts", restarts);
        return new Observation(active.equals("active"), active.equals("failed"), pid + ":" + restarts, state,
                active + " (" + sub + "), pid " + pid + ", restarts " + restarts);
    }

    @Override
    public List<List<String>> restartCommands() {
        return List.of(systemctl("restart", target.unit()), systemctl("show", target.unit(), "--property=" + PROPERTIES),
                systemctl("is-active", target.unit()));
    }

    @Override
    public void restart(Map<String, String> env) {
        runner.require(systemctl("restart", target.unit()), "restarting " + target.unit());
    }

    /** {@code systemctl is-active}: what systemd answers, "active" when the unit runs. */
    String isActive() {
        return runner.run(systemctl("is-active", target.unit())).out().strip();
    }
}
