package io.backchannel.node.intake;

import org.springframework.stereotype.Component;

/**
 * Whether this node takes new requests. Closed once, when the node starts shutting down:
 * from then on the intake answers 503 with Retry-After, and the load balancer sends the
 * retry elsewhere.
 */
@Component
public class IntakeGate {

    private volatile boolean open = true;

    public boolean isOpen() {
        return this.open;
    }

    public void close() {
        this.open = false;
    }

}
