package io.streamserver.webhooks.entity;

/** Where a delivery is: waiting for its next attempt, being sent under a lease, or done either way. */
public enum DeliveryState {
    Pending, Sending, Delivered, Failed
}
