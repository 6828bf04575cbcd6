package io.backchannel.node;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.json.Json;
import io.backchannel.node.HttpApi.Session;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * What the deadline and cancel tests share: a worker's update sent as a worker would, and
 * the update frames of one request on a socket.
 */
public final class RequestEnds {

    private RequestEnds() {
    }

    /** Publishes a worker's update of the request to the reply queue. */
    public static void workerSends(RabbitTemplate rabbit, Session client, String id, RequestStatus status) {
        JobUpdate update = new JobUpdate(1, 1, status, 100, null,
                (status == RequestStatus.SUCCEEDED) ? Json.mapper().createObjectNode() : null, null, "test-worker",
                Instant.now());
        Message message = MessageBuilder.withBody(Json.mapper().writeValueAsBytes(update))
            .setContentType("application/json")
            .setCorrelationId(id)
            .copyHeadersIfAbsent(Map.of(Headers.CLIENT_ID, client.clientId()))
            .build();
        rabbit.send(Topology.REPLIES_EXCHANGE, Topology.REPLIES_ROUTING_KEY, message);
    }

    public static List<JsonNode> updates(WsClient socket, String id) {
        return socket.frames("update").stream().filter((f) -> id.equals(f.get("correlationId").asString())).toList();
    }

}
