package io.streamserver.security.control;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PublicKeyLocationSourceTest {

    private static final String KEY = "mp.jwt.verify.publickey.location";

    private static PublicKeyLocationSource fromEnvironment(String value) {
        return new PublicKeyLocationSource(Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", value), new Properties());
    }

    @Test
    void aPlainPathInTheEnvironmentBecomesAFileUrl() {
        PublicKeyLocationSource source = fromEnvironment("/etc/stream/idp-public.pem");
        assertEquals("file:/etc/stream/idp-public.pem", source.getValue(KEY));
        assertEquals(Set.of(KEY), source.getPropertyNames());
        assertNull(source.getValue("mp.jwt.verify.issuer"));
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironmentAsInMicroProfileConfig() {
        Properties system = new Properties();
        system.setProperty(KEY, "/opt/keys/jwks.json");
        PublicKeyLocationSource source = new PublicKeyLocationSource(
                Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "/etc/stream/idp-public.pem"), system);
        assertEquals("file:/opt/keys/jwks.json", source.getValue(KEY));
    }

    @Test
    void theExactAndUnderscoredNamesCountToo() {
        assertEquals("file:/a.pem", new PublicKeyLocationSource(Map.of(KEY, "/a.pem"), new Properties()).getValue(KEY));
        assertEquals("file:/b.pem", new PublicKeyLocationSource(Map.of("mp_jwt_verify_publickey_location", "/b.pem"),
                new Properties()).getValue(KEY));
    }

    /** URLs and class-path resources are left to the lower sources, which already hold them as they are. */
    @Test
    void anythingButAnAbsolutePathIsLeftAlone() {
        for (String value : new String[] {"file:/etc/stream/idp-public.pem", "https://idp.example.com/certs",
                "META-INF/unconfigured-issuer.pem", "relative/key.pem"}) {
            PublicKeyLocationSource source = fromEnvironment(value);
            assertNull(source.getValue(KEY), value);
            assertEquals(Set.of(), source.getPropertyNames(), value);
        }
        assertNull(new PublicKeyLocationSource(Map.of(), new Properties()).getValue(KEY), "nothing set");
    }
}
