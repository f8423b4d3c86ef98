package io.rewind.executor.target;

import java.util.regex.Pattern;

import io.rewind.executor.params.Names;
import io.rewind.executor.params.ParamReader;

/**
 * {@code nginx}: one nginx instance and the include file a switch rewrites.
 * Spec: {@code includeFile} (the absolute path of the file holding the upstream's {@code server} lines or its
 * {@code proxy_pass}); optional {@code binary} (an absolute path or a command on the PATH, default {@code nginx}),
 * {@code prefix} (nginx's {@code -p}) and {@code config} (nginx's {@code -c}, the main configuration file), both
 * absolute paths.
 */
public record NginxTarget(String includeFile, String binary, String prefix, String config) implements TargetSpec {

    private static final Pattern COMMAND = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");

    static NginxTarget read(ParamReader spec) {
        String includeFile = spec.matching("includeFile", true, Names.ABSOLUTE_PATH,
                "must be the absolute path of a file, without '.' or '..' segments");
        String binary = spec.string("binary", false, false);
        if (binary != null && !Names.ABSOLUTE_PATH.matcher(binary).matches() && !COMMAND.matcher(binary).matches()) {
            spec.error("binary", "must be an absolute path or a command name" + ParamReader.echo(binary));
        }
        String prefix = spec.matching("prefix", false, Names.ABSOLUTE_PATH, "must be an absolute path");
        String config = spec.matching("config", false, Names.ABSOLUTE_PATH,
                "must be the absolute path of nginx's main configuration file");
        return new NginxTarget(includeFile, binary == null ? "nginx" : binary, prefix, config);
    }
}
