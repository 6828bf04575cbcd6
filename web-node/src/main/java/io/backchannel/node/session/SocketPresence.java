package io.backchannel.node.session;

import java.util.List;

import io.backchannel.node.cluster.HeldSockets;
import io.backchannel.node.presence.PresenceRegistry;

import org.springframework.stereotype.Component;

/**
 * Refreshes the presence of this node's open sockets on every heartbeat, so that a node
 * that dies loses them with its heartbeat.
 */
@Component
class SocketPresence implements HeldSockets {

    private final LocalSessions sessions;

    private final PresenceRegistry presence;

    SocketPresence(LocalSessions sessions, PresenceRegistry presence) {
        this.sessions = sessions;
        this.presence = presence;
    }

    @Override
    public int refreshPresence() {
        List<PresenceRegistry.Entry> entries = this.sessions.all()
            .stream()
            .filter(ClientSocket::isOpen)
            .map((s) -> new PresenceRegistry.Entry(s.client(), s.id()))
            .toList();
        this.presence.refresh(entries);
        return entries.size();
    }

}
