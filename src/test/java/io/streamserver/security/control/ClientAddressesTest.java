package io.streamserver.security.control;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientAddressesTest {

    private final ClientAddresses behindProxies = new ClientAddresses(Set.of("10.0.0.1", "10.0.0.2"));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertEquals("10.0.0.1", new ClientAddresses(Set.of()).of("10.0.0.1", List.of("203.0.113.7")));
    }

    @Test
    void aTrustedProxyNamesTheClient() {
        assertEquals("203.0.113.7", behindProxies.of("10.0.0.1", List.of("203.0.113.7")));
    }

    @Test
    void hopsAddedByTrustedProxiesAreSkippedAndWhatTheClientSentLeftOfItsOwnIsNotBelieved() {
        assertEquals("203.0.113.7", behindProxies.of("10.0.0.1", List.of("198.51.100.1, 203.0.113.7", "10.0.0.2")));
    }

    @Test
    void aRequestThatDoesNotComeThroughATrustedProxyIsTheConnectionsPeer() {
        assertEquals("192.0.2.9", behindProxies.of("192.0.2.9", List.of("203.0.113.7")));
    }

    @Test
    void aTrustedProxyWithoutTheHeaderIsTheClient() {
        assertEquals("10.0.0.1", behindProxies.of("10.0.0.1", List.of()));
        assertEquals("10.0.0.1", behindProxies.of("10.0.0.1", null));
    }
}
