package io.backchannel.node.session;

import java.util.List;

import io.backchannel.node.cluster.HeldSockets;
import io.backchannel.node.presence.PresenceRegistry;

import org.springframework.stereotype.Component;

/**
 * Writes again the presence of one slice of this node's open sockets on every heartbeat,
 * so that an entry Redis lost comes back within one presence refresh.
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
    public int refreshPresence(int slice, int slices) {
        List<ClientSocket> open = this.sessions.all().stream().filter(ClientSocket::isOpen).toList();
        this.presence.refresh(open.stream()
            .filter((s) -> HeldSockets.sliceOf(s.id(), slices) == slice)
            .map((s) -> new PresenceRegistry.Entry(s.client(), s.id()))
            .toList());
        return open.size();
    }

}
