package io.streamserver.platform.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What every program the server starts may touch: ffmpeg and ffprobe parse hostile files, so an exploited one must
 * find nothing worth taking. With bubblewrap (STREAM_SANDBOX=bubblewrap, the default) a program sees the system's
 * /usr read-only, its launch's files read-only and its launch's folders writable, and nothing else of the host: not
 * the data directory's signing key, other jobs' files or the database. It gets no network (a namespace with nothing
 * but its own loopback), no capabilities, no environment but PATH, and it dies with the server. prlimit bounds its
 * CPU time, address space and file size in every mode.
 * <p>
 * The mechanism is tried once when the application starts; where it is missing the server says so in its log and
 * {@link #problem()} makes readiness DOWN, and programs run with the limits alone rather than not at all.
 */
@ApplicationScoped
public class Sandbox {

    private static final System.Logger LOG = System.getLogger(Sandbox.class.getName());
    static final Path BWRAP = Path.of("/usr/bin/bwrap");
    static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
    /** The system's programs and libraries; on a merged-/usr system the rest are symbolic links into it. */
    private static final List<String> SYSTEM_FOLDERS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    /** The dynamic linker's cache, and the alternatives that some of ffmpeg's libraries (BLAS) resolve through. */
    private static final List<String> SYSTEM_FILES = List.of("/etc/ld.so.cache", "/etc/alternatives");
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    /** How a program is confined. */
    public enum Mode {
        BUBBLEWRAP, NONE;

        static Mode parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("stream.sandbox (STREAM_SANDBOX) is bubblewrap or none, not " + value);
            }
        }
    }

    /** Resource limits for each program: CPU seconds, bytes of address space, bytes of any file it writes. */
    public record Limits(long cpuSeconds, long memoryBytes, long fileBytes) {
        public Limits {
            if (cpuSeconds <= 0 || memoryBytes <= 0 || fileBytes <= 0) {
                throw new IllegalStateException("the sandbox's limits must be positive (STREAM_SANDBOX_*)");
            }
        }

        List<String> prlimit() {
            return List.of(PRLIMIT.toString(), "--cpu=" + cpuSeconds, "--as=" + memoryBytes, "--fsize=" + fileBytes, "--");
        }
    }

    @Inject
    @ConfigProperty(name = "stream.sandbox")
    String mode;

    @Inject
    @ConfigProperty(name = "stream.sandbox.cpu-time")
    Duration cpuTime;

    @Inject
    @ConfigProperty(name = "stream.sandbox.memory-bytes")
    long memoryBytes;

    @Inject
    @ConfigProperty(name = "stream.sandbox.file-bytes")
    long fileBytes;

    private Mode confinement;
    private Limits limits;
    private volatile Optional<String> problem = Optional.empty();

    Sandbox() {
    }

    /** For unit tests: a fixed mode and limits, checked at once. */
    Sandbox(Mode mode, Limits limits) {
        this.confinement = mode;
        this.limits = limits;
        this.problem = check(mode, BWRAP);
    }

    /** Programs run with their limits only; for tests of what runs them. */
    public static Sandbox unconfined() {
        return new Sandbox(Mode.NONE, new Limits(3600, 4L << 30, 4L << 30));
    }

    @PostConstruct
    void configure() {
        confinement = Mode.parse(mode);
        limits = new Limits(Math.max(1, cpuTime.toSeconds()), memoryBytes, fileBytes);
        problem = check(confinement, BWRAP);
    }

    /** Says at start how programs run, and loudly when they cannot be confined. */
    void announce(@Observes @Initialized(ApplicationScoped.class) Object started) {
        problem().ifPresentOrElse(
                reason -> LOG.log(Level.ERROR, "ffmpeg and ffprobe run UNCONFINED: {0}; /health/ready is DOWN", reason),
                () -> LOG.log(Level.INFO, "ffmpeg and ffprobe run {0}, limited to {1} s of CPU, {2} bytes of memory and "
                        + "{3} bytes per file", confinement == Mode.BUBBLEWRAP ? "in a bubblewrap sandbox"
                        : "without a sandbox (STREAM_SANDBOX=none)", String.valueOf(limits.cpuSeconds()),
                        String.valueOf(limits.memoryBytes()), String.valueOf(limits.fileBytes())));
    }

    public Mode mode() {
        return confinement;
    }

    /** Why programs cannot be confined as configured, or empty while they are. */
    public Optional<String> problem() {
        return problem;
    }

    /**
     * The start's problem, or bubblewrap's absence since: without starting a process, so that it may be asked often.
     * Programs keep the confinement decided at start; with bubblewrap gone they fail rather than run unconfined.
     */
    public Optional<String> problemNow() {
        if (problem.isEmpty() && confinement == Mode.BUBBLEWRAP && !Files.isExecutable(BWRAP)) {
            return Optional.of("bubblewrap is no longer installed (apt-get install bubblewrap)");
        }
        return problem;
    }

    /**
     * The command that runs {@code command} (its program by its real path) confined: the limits, then bubblewrap
     * where it works. Files among the paths are bound read-only, folders writable; the working folder must be one of
     * them to be seen. Of the environment, the program gets PATH and the launch's own variables.
     */
    List<String> confine(List<String> command, List<Path> paths, Path folder, Map<String, String> environment) {
        List<String> confined = new ArrayList<>();
        if (Files.isExecutable(PRLIMIT)) {
            confined.addAll(limits.prlimit());
        }
        if (confinement == Mode.BUBBLEWRAP && problem.isEmpty()) {
            confined.addAll(bubblewrap(command.get(0), paths, folder, environment));
        }
        confined.addAll(command);
        return confined;
    }

    static List<String> bubblewrap(String program, List<Path> paths, Path folder, Map<String, String> environment) {
        List<String> bwrap = new ArrayList<>(List.of(BWRAP.toString(),
                "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL",
                "--die-with-parent", "--new-session", "--clearenv", "--setenv", "PATH", PATH,
                "--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev"));
        for (String system : SYSTEM_FOLDERS) {
            Path path = Path.of(system);
            if (Files.isSymbolicLink(path)) {
                try {
                    bwrap.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), system));
                } catch (IOException e) {
                    // an unreadable link is left out, like a missing folder
                }
            } else if (Files.isDirectory(path)) {
                bwrap.addAll(List.of("--ro-bind", system, system));
            }
        }
        for (String system : SYSTEM_FILES) {
            bwrap.addAll(List.of("--ro-bind-try", system, system));
        }
        // a program outside the system folders (FFMPEG_PATH, by its real path) is bound alone: a static build or a script
        if (!program.startsWith("/usr/")) {
            bwrap.addAll(List.of("--ro-bind", program, program));
        }
        for (Path path : paths) {
            String bound = path.toAbsolutePath().toString();
            bwrap.addAll(List.of(Files.isDirectory(path) ? "--bind" : "--ro-bind", bound, bound));
        }
        // the folders made to hold the binds are read-only too; only the writable binds take writes. No scratch /tmp:
        // ffmpeg needs none, and a data directory under /tmp would have been writable inside it
        bwrap.addAll(List.of("--remount-ro", "/"));
        if (folder != null) {
            bwrap.addAll(List.of("--chdir", folder.toAbsolutePath().toString()));
        }
        environment.forEach((variable, value) -> bwrap.addAll(List.of("--setenv", variable, value)));
        bwrap.add("--");
        return bwrap;
    }

    /** Starts bubblewrap once with nothing to do: the only sure way to know that this host lets it confine. */
    static Optional<String> check(Mode mode, Path bwrap) {
        if (mode == Mode.NONE) {
            return Optional.empty();
        }
        if (!Files.isExecutable(bwrap)) {
            return Optional.of("bubblewrap is not installed (apt-get install bubblewrap), or set STREAM_SANDBOX=none");
        }
        try {
            File errors = File.createTempFile("bwrap-check", ".txt");
            try {
                List<String> command = new ArrayList<>(bubblewrap("/usr/bin/true", List.of(), null, Map.of()));
                command.set(0, bwrap.toString());
                command.add("/usr/bin/true");
                Process process = new ProcessBuilder(command).redirectInput(Redirect.from(new File("/dev/null")))
                        .redirectOutput(Redirect.DISCARD).redirectError(errors).start();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return Optional.of("bubblewrap did not answer within 30 s");
                }
                if (process.exitValue() != 0) {
                    return Optional.of("bubblewrap cannot create its namespaces here ("
                            + Files.readString(errors.toPath(), StandardCharsets.UTF_8).strip()
                            + "); allow unprivileged user namespaces, or set STREAM_SANDBOX=none");
                }
                return Optional.empty();
            } finally {
                Files.deleteIfExists(errors.toPath());
            }
        } catch (IOException e) {
            return Optional.of("bubblewrap cannot be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("the bubblewrap check was interrupted");
        }
    }
}
