package io.streamserver.webhooks.control;

import io.streamserver.platform.control.GeneratedSecrets;
import io.streamserver.webhooks.entity.WebhookEndpoint;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Base64;
import java.util.Optional;

/**
 * The secret that signs the deliveries to a job's callback_url: STREAM_WEBHOOK_SECRET ("whsec_" and Base64), or one
 * generated once into the database that the servers share, as the playback signing key is.
 */
@ApplicationScoped
public class DefaultSecret {

    /** The generated secret's name, after the data directory's file that held it before. */
    static final String KEY_FILE = "webhook-signing.key";
    private static final int KEY_BYTES = 32;

    @Inject
    GeneratedSecrets generated;

    @Inject
    @ConfigProperty(name = "stream.webhook.secret")
    Optional<String> configured;

    private String secret;

    @PostConstruct
    void load() {
        secret = configured.filter(s -> !s.isBlank()).map(String::strip)
                .orElseGet(() -> WebhookEndpoint.SECRET_PREFIX + Base64.getEncoder().encodeToString(generated.secret(KEY_FILE, KEY_BYTES)));
        if (!secret.startsWith(WebhookEndpoint.SECRET_PREFIX)) {
            throw new IllegalStateException("STREAM_WEBHOOK_SECRET starts with " + WebhookEndpoint.SECRET_PREFIX
                    + ", followed by Base64");
        }
        try {
            Base64.getDecoder().decode(secret.substring(WebhookEndpoint.SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("STREAM_WEBHOOK_SECRET is whsec_ followed by Base64", e);
        }
    }

    public String value() {
        return secret;
    }
}
