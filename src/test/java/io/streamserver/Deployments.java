package io.streamserver;

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

    private Deployments() {
    }

    public static WebArchive server() {
        createServerTempFolder();
        File war = new File(System.getProperty("stream.war", "target/stream-server.war"));
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }

    /**
     * The same WAR with some configuration replaced, for a test class that needs the server set up differently
     * (authentication on, small limits): the values are appended to the WAR's microprofile-config.properties.
     */
    public static WebArchive server(Map<String, String> config) {
        WebArchive war = server();
        String path = "WEB-INF/classes/META-INF/microprofile-config.properties";
        StringBuilder properties = new StringBuilder();
        try (InputStream in = war.get(path).getAsset().openStream()) {
            properties.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.append("\n# set by the test class\n");
        config.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        war.delete(path);
        return war.add(new StringAsset(properties.toString()), path);
    }

    /** The server's java.io.tmpdir (failsafe's payara.cmdOptions), where multipart parsing buffers parts. */
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
