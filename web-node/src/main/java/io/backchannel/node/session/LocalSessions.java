package io.backchannel.node.session;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.backchannel.contracts.id.ClientId;

import org.springframework.stereotype.Component;

/**
 * The sockets this node holds, by client. Only sockets whose hello was accepted are here.
 */
@Component
public class LocalSessions {

    private final Map<ClientId, Set<ClientSocket>> byClient = new ConcurrentHashMap<>();

    private final Map<String, ClientSocket> byId = new ConcurrentHashMap<>();

    void add(ClientSocket socket) {
        this.byId.put(socket.id(), socket);
        this.byClient.computeIfAbsent(socket.client(), (c) -> ConcurrentHashMap.newKeySet()).add(socket);
    }

    void remove(ClientSocket socket) {
        if (this.byId.remove(socket.id()) == null || socket.client() == null) {
            return;
        }
        this.byClient.computeIfPresent(socket.client(), (c, sockets) -> {
            sockets.remove(socket);
            return sockets.isEmpty() ? null : sockets;
        });
    }

    public Collection<ClientSocket> of(ClientId client) {
        Set<ClientSocket> sockets = this.byClient.get(client);
        return (sockets != null) ? sockets : List.of();
    }

    public Collection<ClientSocket> all() {
        return this.byId.values();
    }

    public int count() {
        return this.byId.size();
    }

}
