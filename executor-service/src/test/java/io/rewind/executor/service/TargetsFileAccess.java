package io.rewind.executor.service;

import java.nio.file.Path;
import java.util.Map;

/** Lets tests in other packages read a targets file as the service does at start. */
public final class TargetsFileAccess {

    private TargetsFileAccess() {
    }

    public static Map<String, TargetService.Valid> read(Path file) {
        return TargetsFile.read(file);
    }
}
