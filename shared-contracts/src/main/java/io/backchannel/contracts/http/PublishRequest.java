package io.backchannel.contracts.http;

import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/publish}: an event the application's backend sends to every
 * socket of one user. Fields stay raw so that each bad one gets a precise problem.
 *
 * @param userId the user, as the identity provider names them (the tokens' user claim)
 * @param id a UUID the publisher chose: a publish repeated with the same id and body is
 * delivered once
 * @param event what to deliver
 */
public record PublishRequest(String userId, String id, Event event) {

    /**
     * @param type the application's name for the event, {@code order.shipped}: letters,
     * digits and {@code . _ : -}, up to 100
     * @param data a JSON object, or absent for none
     */
    public record Event(String type, JsonNode data) {

    }

}
