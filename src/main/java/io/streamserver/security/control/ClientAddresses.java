package io.streamserver.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The address a request comes from, for the rate limit. Behind reverse proxies named in STREAM_TRUSTED_PROXIES, it
 * is the last X-Forwarded-For hop that is not one of them: each trusted proxy appends the address it saw, so hops
 * further left are whatever the client chose to send. Without trusted proxies the header is ignored.
 */
@ApplicationScoped
public class ClientAddresses {

    @Inject
    @ConfigProperty(name = "stream.trusted-proxies")
    Optional<String> trustedProxies;

    private Set<String> trusted;

    ClientAddresses() {
    }

    /** For unit tests. */
    ClientAddresses(Set<String> trusted) {
        this.trusted = Set.copyOf(trusted);
    }

    private Set<String> trusted() {
        if (trusted == null) {
            trusted = trustedProxies.map(list -> java.util.Arrays.stream(list.split(",")).map(String::strip)
                    .filter(a -> !a.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet())).orElse(Set.of());
        }
        return trusted;
    }

    /**
     * @param remoteAddress the connection's peer
     * @param forwardedFor  the X-Forwarded-For headers' values, in order, or none
     */
    public String of(String remoteAddress, List<String> forwardedFor) {
        String client = remoteAddress;
        if (!trusted().contains(client) || forwardedFor == null) {
            return client;
        }
        List<String> hops = forwardedFor.stream().flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::strip).filter(hop -> !hop.isEmpty()).toList();
        for (int i = hops.size() - 1; i >= 0 && trusted().contains(client); i--) {
            client = hops.get(i);
        }
        return client;
    }
}
