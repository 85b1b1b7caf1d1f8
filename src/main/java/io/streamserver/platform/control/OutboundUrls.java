package io.streamserver.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * URLs that a client gives the server to call back (webhooks), which are hostile input: only http and https, and no
 * host that resolves to an address inside the network (loopback, link-local with the cloud metadata address,
 * private, unique-local, unspecified, multicast) unless STREAM_WEBHOOK_ALLOW_PRIVATE. Checked when the URL is given,
 * and again before each call after resolving its name anew, so that a name rebound to an inside address is refused.
 * The JVM keeps a resolved name for 30 s (networkaddress.cache.ttl), so the HTTP client that connects right after the
 * check gets the addresses that were checked. Messages never repeat the URL, which is the client's input.
 */
@ApplicationScoped
public class OutboundUrls {

    public static final int MAX_LENGTH = 2048;

    @Inject
    @ConfigProperty(name = "stream.webhook.allow-private")
    boolean allowPrivate;

    /** Thrown with a message for the client: what is wrong with the URL. */
    public static class RefusedUrlException extends RuntimeException {
        public RefusedUrlException(String message) {
            super(message);
        }
    }

    /** The URL as given, if it is well formed, http or https, and its host resolves only to public addresses. */
    public URI checked(String url) {
        URI uri = wellFormed(url);
        refusal(uri.getHost(), resolve(uri.getHost()), allowPrivate).ifPresent(reason -> {
            throw new RefusedUrlException(reason);
        });
        return uri;
    }

    /** The shape alone, which needs no name resolution: an absolute http or https URL with a host, no user info. */
    public static URI wellFormed(String url) {
        if (url == null || url.isBlank()) {
            throw new RefusedUrlException("a URL is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw new RefusedUrlException("a URL is at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new RefusedUrlException("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedUrlException("only http and https URLs are accepted");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new RefusedUrlException("the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedUrlException("the URL may not carry a user name or password");
        }
        return uri;
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new RefusedUrlException("the URL's host does not resolve");
        }
    }

    /** Why a host that resolves to these addresses is refused, or empty if it is not. */
    static Optional<String> refusal(String host, InetAddress[] addresses, boolean allowPrivate) {
        if (allowPrivate) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            if (isInside(address)) {
                return Optional.of("the URL's host resolves to " + address.getHostAddress()
                        + ", an address inside the network, which is refused (STREAM_WEBHOOK_ALLOW_PRIVATE)");
            }
        }
        return Optional.empty();
    }

    /** Loopback, link-local (169.254.169.254, the cloud metadata address, among them), private, unspecified, multicast. */
    static boolean isInside(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            if (isIpv4Mapped(bytes)) {
                try {
                    return isInside(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7, unique local
            }
        }
        if (address instanceof Inet4Address v4) {
            byte[] b = v4.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first == 100 && second >= 64 && second < 128) {
                return true; // this network, and carrier-grade NAT
            }
        }
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress();
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }
}
