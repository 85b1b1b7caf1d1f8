package io.streamserver;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The WAR that `mvn package` built, deployed whole at the root context as the API contract's URLs expect. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive server() {
        createServerTempFolder();
        File war = new File(System.getProperty("stream.war", "target/stream-server.war"));
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }

    /**
     * The WAR plus a test page, {@code test-players/players.html}, that plays streams in hls.js (the WAR's own copy),
     * Shaka Player and video.js at once; the last two are npm devDependencies, kept out of the WAR that ships.
     */
    public static WebArchive serverWithPlayers() {
        WebArchive war = server().addAsWebResource(new File("src/test/resources/players/players.html"), "test-players/players.html");
        for (String file : new String[]{"shaka-player/dist/shaka-player.compiled.js", "video.js/dist/video.min.js",
                "video.js/dist/video-js.min.css"}) {
            war.addAsWebResource(new File("node_modules", file), "test-players/" + new File(file).getName());
        }
        return war;
    }

    /**
     * The same WAR with some configuration keys set otherwise, for tests that need small limits or stand-ins: they go
     * in a config source of their own (a library's microprofile-config.properties) whose ordinal is above the
     * environment's, since the test command itself sets variables such as FFMPEG_PATH for every server.
     */
    public static WebArchive serverWith(Map<String, String> config) {
        StringBuilder text = new StringBuilder("# set by the test deployment, above the environment\nconfig_ordinal=400\n");
        config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return server().addAsLibrary(ShrinkWrap.create(JavaArchive.class, "test-settings.jar")
                .addAsResource(new StringAsset(text.toString()), "META-INF/microprofile-config.properties"));
    }

    /** The server's java.io.tmpdir (failsafe's payara.cmdOptions): no upload may leave a file there. */
    public static Path serverTempFolder() {
        return Path.of(System.getenv("STREAM_DATA_DIR"), "tmp");
    }

    private static void createServerTempFolder() {
        try {
            Files.createDirectories(serverTempFolder());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
