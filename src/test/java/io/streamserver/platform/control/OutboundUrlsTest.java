package io.streamserver.platform.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundUrlsTest {

    private static InetAddress[] addresses(String... literals) throws UnknownHostException {
        InetAddress[] resolved = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            resolved[i] = InetAddress.getByName(literals[i]); // literals: no lookup
        }
        return resolved;
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "169.254.0.1", "fe80::1", "fc00::1", "fd12:3456::1", "0.0.0.0", "::", "224.0.0.1", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:10.1.2.3", "100.64.0.1"})
    void insideAddressesAreRefused(String address) throws UnknownHostException {
        assertTrue(OutboundUrls.isInside(InetAddress.getByName(address)), address);
        assertTrue(OutboundUrls.refusal("h", addresses(address), false).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:2800:220:1::1"})
    void publicAddressesPass(String address) throws UnknownHostException {
        assertFalse(OutboundUrls.isInside(InetAddress.getByName(address)), address);
    }

    @Test
    void oneInsideAddressAmongPublicOnesIsEnoughToRefuse() throws UnknownHostException {
        assertTrue(OutboundUrls.refusal("h", addresses("8.8.8.8", "10.0.0.1"), false).isPresent());
    }

    @Test
    void theFlagAllowsInsideAddresses() throws UnknownHostException {
        assertFalse(OutboundUrls.refusal("h", addresses("127.0.0.1"), true).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "file:///etc/passwd", "gopher://example.com", "javascript:alert(1)",
            "example.com/hook", "https://user:pw@example.com/", "http:///nohost", "", " "})
    void onlyHttpAndHttpsUrlsWithAHostAreWellFormed(String url) {
        assertThrows(OutboundUrls.RefusedUrlException.class, () -> OutboundUrls.wellFormed(url));
    }

    @Test
    void anOverlongUrlIsRefused() {
        assertThrows(OutboundUrls.RefusedUrlException.class,
                () -> OutboundUrls.wellFormed("https://example.com/" + "a".repeat(OutboundUrls.MAX_LENGTH)));
    }

    @Test
    void aLiteralLoopbackUrlIsRefusedWithoutTheFlag() {
        OutboundUrls urls = new OutboundUrls();
        OutboundUrls.RefusedUrlException refused = assertThrows(OutboundUrls.RefusedUrlException.class,
                () -> urls.checked("http://127.0.0.1:8080/hook"));
        assertTrue(refused.getMessage().contains("STREAM_WEBHOOK_ALLOW_PRIVATE"), refused.getMessage());
        urls.allowPrivate = true;
        assertEquals("http://127.0.0.1:8080/hook", urls.checked("http://127.0.0.1:8080/hook").toString());
    }
}
