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
import java.util.Map;

/** The WAR that `mvn package` built, deployed whole at the root context as the API contract's URLs expect. */
public final class Deployments {

    private static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

    private Deployments() {
    }

    public static WebArchive server() {
        File war = new File(System.getProperty("stream.war", "target/stream-server.war"));
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }

    /** The same WAR with some configuration keys overridden (the last occurrence of a key in a properties file wins). */
    public static WebArchive serverWith(Map<String, String> overrides) {
        WebArchive war = server();
        StringBuilder config = new StringBuilder();
        try (InputStream in = war.get(CONFIG).getAsset().openStream()) {
            config.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.append("\n# overridden for this test\n");
        overrides.forEach((key, value) -> config.append(key).append('=').append(value).append('\n'));
        war.delete(CONFIG);
        return war.addAsResource(new StringAsset(config.toString()), "META-INF/microprofile-config.properties");
    }
}
