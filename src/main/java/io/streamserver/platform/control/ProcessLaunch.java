package io.streamserver.platform.control;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One program for the {@link ProcessRunner} to start: its arguments, whom it belongs to, what it may touch, how long
 * it may run and where its output goes.
 *
 * @param key     whom the process belongs to, such as a job id: {@link ProcessRunner#kill} reaches it by this key
 * @param command the program and its arguments, as one array; never a shell line
 * @param paths   the files and folders the program reads and writes: a sandbox would bind exactly these, and the
 *                program's error messages show only their names
 * @param timeout the wall-clock limit, after which the process is killed
 * @param output  where standard output goes: a pipe that the caller reads (the default), a file, or nowhere
 * @param log     the file for standard error, or null to discard it
 * @param folder  the working folder, or null for the server's own
 * @param environment variables set for the program on top of the server's own
 */
public record ProcessLaunch(String key, List<String> command, List<Path> paths, Duration timeout, Redirect output,
                            Path log, Path folder, Map<String, String> environment) {

    public ProcessLaunch {
        if (key == null || command.isEmpty()) {
            throw new IllegalArgumentException("a process needs a key and a program");
        }
        command = List.copyOf(command);
        paths = List.copyOf(paths);
        environment = Map.copyOf(environment);
    }

    public static ProcessLaunch of(String key, List<String> command, List<Path> paths, Duration timeout) {
        return new ProcessLaunch(key, command, paths, timeout, Redirect.PIPE, null, null, Map.of());
    }

    public String program() {
        return command.get(0);
    }

    public ProcessLaunch outputTo(Path file) {
        return new ProcessLaunch(key, command, paths, timeout, Redirect.to(file.toFile()), log, folder, environment);
    }

    public ProcessLaunch discardingOutput() {
        return new ProcessLaunch(key, command, paths, timeout, Redirect.DISCARD, log, folder, environment);
    }

    public ProcessLaunch errorsTo(Path log) {
        return new ProcessLaunch(key, command, paths, timeout, output, log, folder, environment);
    }

    public ProcessLaunch with(String variable, String value) {
        Map<String, String> more = new HashMap<>(environment);
        more.put(variable, value);
        return new ProcessLaunch(key, command, paths, timeout, output, log, folder, more);
    }

    public ProcessLaunch in(Path folder) {
        return new ProcessLaunch(key, command, paths, timeout, output, log, folder, environment);
    }
}
