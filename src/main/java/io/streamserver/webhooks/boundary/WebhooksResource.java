package io.streamserver.webhooks.boundary;

import io.streamserver.platform.control.OutboundUrls;
import io.streamserver.security.control.Callers;
import io.streamserver.webhooks.control.DeliveryQueue;
import io.streamserver.webhooks.control.Endpoints;
import io.streamserver.webhooks.entity.EventType;
import io.streamserver.webhooks.entity.WebhookEndpoint;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;
import java.util.Set;

/**
 * Webhook endpoints: registered, listed and removed by their owner (every one by the admin role), with their recent
 * deliveries and redelivery.
 */
@Path("webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class WebhooksResource {

    static final int RECENT_DELIVERIES = 100;

    @Inject
    Endpoints endpoints;

    @Inject
    DeliveryQueue deliveries;

    @Inject
    Callers callers;

    @Context
    SecurityContext security;

    /**
     * 201 with the endpoint and its secret, shown this once. Not a transaction: the URL's name is resolved first, and
     * the endpoint stored after that in a short one.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(Registration registration) {
        if (registration == null) {
            throw new BadRequestException("send {\"url\": \"https://…\", \"events\": [\"job.completed\", …]}");
        }
        Set<EventType> events;
        try {
            events = EventType.parseAll(registration.events());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("events: " + e.getMessage().replaceFirst("^events: ", ""));
        }
        WebhookEndpoint endpoint;
        try {
            endpoint = endpoints.register(registration.url(), events, callers.of(security));
        } catch (OutboundUrls.RefusedUrlException e) {
            throw new BadRequestException("url: " + e.getMessage());
        }
        return Response.status(Response.Status.CREATED).entity(EndpointView.registered(endpoint)).build();
    }

    @GET
    @Transactional
    public List<EndpointView> list() {
        return endpoints.visibleTo(callers.of(security)).stream().map(EndpointView::of).toList();
    }

    @DELETE
    @Path("{id}")
    @Transactional
    public Response remove(@PathParam("id") String id) {
        if (!endpoints.remove(id, callers.of(security))) {
            throw new NotFoundException("no such webhook endpoint");
        }
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/deliveries")
    @Transactional
    public List<DeliveryView> deliveries(@PathParam("id") String id) {
        return deliveries.recent(endpoint(id).id(), RECENT_DELIVERIES).stream().map(DeliveryView::of).toList();
    }

    /** Queues the delivery again, with the same webhook-id; 409 while it is being sent. */
    @POST
    @Path("{id}/deliveries/{delivery}/redeliver")
    @Transactional
    public DeliveryView redeliver(@PathParam("id") String id, @PathParam("delivery") String deliveryId) {
        try {
            return DeliveryView.of(deliveries.redeliver(endpoint(id).id(), deliveryId)
                    .orElseThrow(() -> new NotFoundException("the endpoint has no such delivery")));
        } catch (IllegalStateException e) {
            throw new ClientErrorException(e.getMessage(), Response.Status.CONFLICT);
        }
    }

    private WebhookEndpoint endpoint(String id) {
        return endpoints.find(id, callers.of(security)).orElseThrow(() -> new NotFoundException("no such webhook endpoint"));
    }
}
