package io.streamserver.security.control;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Lets MP_JWT_VERIFY_PUBLICKEY_LOCATION be a plain file path, as docs/security.md shows it, on every server. Payara's
 * MicroProfile JWT reads the location only as a class-path resource or a URL, so with a path it found no key and
 * refused every token; WildFly's reads either. An absolute path set in the environment or as a system property is
 * restated here as a file: URL, above both; any other value (file:, http(s):, a class-path resource) is left alone.
 */
public class PublicKeyLocationSource implements ConfigSource {

    static final String KEY = "mp.jwt.verify.publickey.location";
    /** Above system properties (400) and the environment (300), the two places whose value it restates. */
    static final int ORDINAL = 450;

    private final Map<String, String> environment;
    private final Properties systemProperties;

    public PublicKeyLocationSource() {
        this(System.getenv(), System.getProperties());
    }

    PublicKeyLocationSource(Map<String, String> environment, Properties systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return fileUrl() == null ? Set.of() : Set.of(KEY);
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? fileUrl() : null;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "stream-server: " + KEY + " as a file URL";
    }

    /** Looked up as MicroProfile Config looks a key up in the environment: as is, with _ for dots, then upper case. */
    private String fileUrl() {
        String location = systemProperties.getProperty(KEY);
        String underscored = KEY.replace('.', '_');
        for (String name : new String[] {KEY, underscored, underscored.toUpperCase(Locale.ROOT)}) {
            if (location == null) {
                location = environment.get(name);
            }
        }
        location = location == null ? null : location.strip();
        return location != null && location.startsWith("/") ? "file:" + location : null;
    }
}
