package io.streamserver;

import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The WAR that `mvn package` built, deployed whole at the root context as the API contract's URLs expect. */
public final class Deployments {

    static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

    private Deployments() {
    }

    public static WebArchive server() {
        createServerTempFolder();
        File war = new File(System.getProperty("stream.war", "target/stream-server.war"));
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }

    /**
     * The same WAR with some configuration keys set otherwise, for tests that need small limits: the WAR's
     * microprofile-config.properties is rewritten, each given key's line replaced. Environment variables still
     * win over these values, as in production.
     */
    public static WebArchive serverWith(Map<String, String> config) {
        WebArchive war = server();
        Node node = war.get(CONFIG);
        if (node == null) {
            throw new IllegalStateException("the WAR has no " + CONFIG);
        }
        StringBuilder text = new StringBuilder();
        try (InputStream in = node.getAsset().openStream()) {
            new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines()
                    .filter(line -> !config.containsKey(line.split("=", 2)[0].strip()))
                    .forEach(line -> text.append(line).append('\n'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        text.append("# set by the test deployment\n");
        config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        war.delete(CONFIG);
        war.add(new StringAsset(text.toString()), CONFIG);
        return war;
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
