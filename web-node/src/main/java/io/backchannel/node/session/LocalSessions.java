package io.backchannel.node.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.backchannel.contracts.id.ClientId;

import org.springframework.stereotype.Component;

/**
 * The sockets this node holds, by client. Only sockets whose hello was accepted are here.
 */
@Component
public class LocalSessions {

    /**
     * A client's sockets as an immutable list, replaced on every change: a client has one
     * socket on a node or a few, and a concurrent set of its own per client would cost
     * about 200 B more for each.
     */
    private final Map<ClientId, List<ClientSocket>> byClient = new ConcurrentHashMap<>();

    private final Map<String, ClientSocket> byId = new ConcurrentHashMap<>();

    void add(ClientSocket socket) {
        this.byId.put(socket.id(), socket);
        this.byClient.merge(socket.client(), List.of(socket), LocalSessions::with);
    }

    void remove(ClientSocket socket) {
        if (this.byId.remove(socket.id()) == null || socket.client() == null) {
            return;
        }
        this.byClient.computeIfPresent(socket.client(), (c, sockets) -> without(sockets, socket));
    }

    public Collection<ClientSocket> of(ClientId client) {
        return this.byClient.getOrDefault(client, List.of());
    }

    public Collection<ClientSocket> all() {
        return this.byId.values();
    }

    public int count() {
        return this.byId.size();
    }

    private static List<ClientSocket> with(List<ClientSocket> sockets, List<ClientSocket> added) {
        if (sockets.containsAll(added)) {
            return sockets;
        }
        List<ClientSocket> all = new ArrayList<>(sockets);
        all.addAll(added);
        return List.copyOf(all);
    }

    /** The sockets without one; null, which removes the client, when none is left. */
    private static List<ClientSocket> without(List<ClientSocket> sockets, ClientSocket removed) {
        List<ClientSocket> rest = sockets.stream().filter((socket) -> socket != removed).toList();
        return rest.isEmpty() ? null : rest;
    }

}
