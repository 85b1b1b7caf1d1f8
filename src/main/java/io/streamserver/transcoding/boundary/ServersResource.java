package io.streamserver.transcoding.boundary;

import io.streamserver.transcoding.control.Servers;
import io.streamserver.transcoding.entity.ServerInstance;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** GET /v1/stream/servers: the live servers on the shared database, by instance id. */
@Path("servers")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ServersResource {

    @Inject
    Servers servers;

    /** One live server as its last heartbeat recorded it. */
    @JsonbPropertyOrder({"instance", "startedAt", "lastHeartbeat", "workers", "slotsInUse"})
    public record ServerView(String instance,
                             @JsonbProperty("started_at") String startedAt,
                             @JsonbProperty("last_heartbeat") String lastHeartbeat,
                             int workers,
                             @JsonbProperty("slots_in_use") int slotsInUse) {

        static ServerView of(ServerInstance server) {
            return new ServerView(server.id(), server.startedAt().toString(), server.heartbeatAt().toString(),
                    server.workers(), server.slotsInUse());
        }
    }

    @GET
    public List<ServerView> servers() {
        return servers.live().stream().map(ServerView::of).toList();
    }
}
