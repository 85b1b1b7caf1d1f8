package io.streamserver.platform.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Starts every external program of the server, knowing programs and their owners' keys but no business component
 * (hence platform). Each process gets an argument array, never a shell, standard input from /dev/null, no
 * environment but PATH, the {@link Sandbox}, the parent-death signal and a wall-clock deadline, and is registered
 * under its key until closed, so that {@link #kill} and {@link #stopAll} reach every process of a job, short runs
 * included.
 */
@ApplicationScoped
public class ProcessRunner {

    private static final System.Logger LOG = System.getLogger(ProcessRunner.class.getName());
    private static final File NO_INPUT = new File("/dev/null");
    /**
     * util-linux's setpriv sets the parent-death signal before it execs the program, so that the program dies with the
     * server even on kill -9. (ffmpeg ignores SIGPIPE, so a closed pipe alone does not stop it.) The signal follows
     * the starting thread, which for an encode is the batch job's own thread for the whole encode.
     */
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final Set<RunningProcess> running = ConcurrentHashMap.newKeySet();
    /** Keys whose processes were stopped: a process started under one is killed at once, until the key is allowed. */
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final AtomicLong started = new AtomicLong();
    private final Sandbox sandbox;

    @Inject
    public ProcessRunner(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** For the container's proxy only. */
    protected ProcessRunner() {
        this(null);
    }

    /**
     * Starts a program; the caller polls the returned process and closes it.
     *
     * @throws IOException when the program cannot be found or started
     */
    public RunningProcess start(ProcessLaunch launch) throws IOException {
        List<String> command = new ArrayList<>(launch.command());
        command.set(0, executable(launch.program()).toString());
        ProcessBuilder builder = new ProcessBuilder(wrapped(sandbox.confine(command, launch.paths(), launch.folder(), launch.environment()),
                Files.isExecutable(SETPRIV)))
                .redirectInput(Redirect.from(NO_INPUT))
                .redirectOutput(launch.output())
                .redirectError(launch.log() == null ? Redirect.DISCARD : Redirect.to(launch.log().toFile()));
        if (launch.folder() != null) {
            builder.directory(launch.folder().toFile());
        }
        // the server's environment may hold secrets (STREAM_PLAYBACK_SIGNING_KEY): a program gets none of it
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", Sandbox.PATH));
        builder.environment().putAll(launch.environment());
        RunningProcess process = new RunningProcess(launch, builder.start(), running::remove);
        started.incrementAndGet();
        running.add(process);
        // registered first, checked second: a concurrent stop either sees this process or is seen here. A stopped
        // key's process is killed at once and its owner sees it so, as if the stop had come a moment later; an
        // exception instead failed a batch partition while its step was stopping, and JBatch then waited forever
        if (stopped.contains(launch.key())) {
            process.kill();
        }
        return process;
    }

    /**
     * Runs a short program to its end, its output to a scratch file that is deleted afterwards; its errors are
     * discarded. Empty unless it exits 0 within its deadline and unkilled. The calling thread waits throughout, so the
     * death signal, which follows the starting thread, comes only with the server's end.
     *
     * @throws IOException when the program cannot be found or started, or its output cannot be read
     */
    public Optional<String> run(ProcessLaunch launch, Path output) throws IOException {
        try (RunningProcess process = start(launch.outputTo(output))) {
            process.await();
            return process.succeeded() ? Optional.of(Files.readString(output, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot delete " + output, e);
            }
        }
    }

    /** How many programs this server has started, for /metrics: what shows that a request started none. */
    public long started() {
        return started.get();
    }

    /** Kills the key's processes now; their owners see them gone. */
    public void kill(String key) {
        running.stream().filter(p -> p.key().equals(key)).forEach(RunningProcess::kill);
    }

    /**
     * Kills the key's processes now, and those started until {@link #allow} as soon as they start: a cancelled job's
     * encoder that was about to start when the cancel came would otherwise outlive the cancel's answer.
     */
    public void stop(String key) {
        stopped.add(key);
        kill(key);
    }

    /** Processes of the key may start again. */
    public void allow(String key) {
        stopped.remove(key);
    }

    /** Whether a process of the key is running or not yet closed. */
    boolean registered(String key) {
        return running.stream().anyMatch(p -> p.key().equals(key));
    }

    /** No process outlives the application. */
    @PreDestroy
    public void stopAll() {
        running.forEach(RunningProcess::kill);
    }

    /**
     * The command line as it is started: the one place that wraps a program, already confined by the sandbox. The
     * wrapper sets the parent-death signal where setpriv exists; it survives the exec of prlimit and bubblewrap, which
     * passes it on to the program with --die-with-parent.
     */
    static List<String> wrapped(List<String> command, boolean setpriv) {
        List<String> wrapped = new ArrayList<>();
        if (setpriv) {
            wrapped.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * ProcessBuilder's own search, done before wrapping, to the program's real path: a missing program would otherwise
     * start its wrapper and fail only inside it, and read as the program's failure rather than as its absence; and the
     * sandbox binds the program where it really is.
     */
    public static Path executable(String program) throws IOException {
        Stream<Path> candidates = program.contains("/") ? Stream.of(Path.of(program))
                : Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(folder -> !folder.isEmpty()).map(folder -> Path.of(folder, program));
        Optional<Path> found = candidates.filter(path -> Files.isRegularFile(path) && Files.isExecutable(path)).findFirst();
        if (found.isEmpty()) {
            throw new IOException("cannot run program \"" + program + "\": not found or not executable");
        }
        return found.get().toRealPath();
    }
}
