package io.backchannel.contracts.http;

/**
 * The answer to {@code POST /api/publish}: 202 when this call stored the event, 200 when
 * an earlier one with the same id and body had.
 *
 * @param id the publish id, in canonical lower case
 * @param eventId the event's id in the user's inbox: what the sockets receive it as
 */
public record PublishAnswer(String id, String eventId) {

}
