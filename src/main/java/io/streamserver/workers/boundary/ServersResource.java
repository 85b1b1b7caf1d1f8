package io.streamserver.workers.boundary;

import io.streamserver.security.control.Caller;
import io.streamserver.security.control.Callers;
import io.streamserver.workers.control.Servers;
import io.streamserver.workers.entity.ServerInstance;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;
import java.util.Map;

/** GET /v1/stream/servers: the live servers on the shared database, by instance id, with the jobs each runs. */
@Path("servers")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ServersResource {

    @Inject
    Servers servers;

    @Inject
    Callers callers;

    @Context
    SecurityContext security;

    /** One live server as its last heartbeat recorded it, and the running jobs it holds that the caller may see. */
    @JsonbPropertyOrder({"instance", "startedAt", "lastHeartbeat", "workers", "slotsInUse", "jobs"})
    public record ServerView(String instance,
                             @JsonbProperty("started_at") String startedAt,
                             @JsonbProperty("last_heartbeat") String lastHeartbeat,
                             int workers,
                             @JsonbProperty("slots_in_use") int slotsInUse,
                             List<String> jobs) {

        static ServerView of(ServerInstance server, List<String> jobs) {
            return new ServerView(server.id(), server.startedAt().toString(), server.heartbeatAt().toString(),
                    server.workers(), server.slotsInUse(), jobs);
        }
    }

    @GET
    @Transactional
    public List<ServerView> servers() {
        Caller caller = callers.of(security);
        Map<String, List<String>> held = servers.jobsHeld(caller.seesAll() ? null : caller.subject());
        return servers.live().stream()
                .map(server -> ServerView.of(server, held.getOrDefault(server.id(), List.of())))
                .toList();
    }
}
