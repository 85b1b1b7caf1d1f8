package io.streamserver;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/** The WAR that `mvn package` built, deployed whole at the root context as the API contract's URLs expect. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive server() {
        File war = new File(System.getProperty("stream.war", "target/stream-server.war"));
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }
}
