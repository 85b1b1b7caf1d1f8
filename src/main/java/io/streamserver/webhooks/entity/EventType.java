package io.streamserver.webhooks.entity;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The events that an endpoint may subscribe to, by the names the API and the deliveries' type use. */
public enum EventType {
    STARTED("job.started"),
    PROGRESS("job.progress"),
    COMPLETED("job.completed"),
    FAILED("job.failed"),
    CANCELLED("job.cancelled");

    private final String apiName;

    EventType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** Whether the job ends with this event: what a job's callback_url receives. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static EventType parse(String name) {
        return Arrays.stream(values()).filter(t -> t.apiName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event; known are " + names()));
    }

    /** One or more distinct event names; none is refused, so that an endpoint always receives something. */
    public static Set<EventType> parseAll(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("events: name at least one of " + names());
        }
        Set<EventType> types = new LinkedHashSet<>();
        for (String name : names) {
            types.add(parse(name));
        }
        return types;
    }

    static String names() {
        return String.join(", ", Arrays.stream(values()).map(EventType::apiName).toList());
    }
}
