package io.backchannel.node.record;

import java.time.Instant;
import java.util.Map;

import io.backchannel.contracts.JobError;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.http.CallbackView;
import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RecordField;
import tools.jackson.databind.JsonNode;

/**
 * A request record as read from its Redis hash.
 *
 * @param correlationId the request's id
 * @param fields the hash's fields (see {@link RecordField})
 */
public record StoredRecord(CorrelationId correlationId, Map<String, String> fields) {

    public boolean published() {
        return "1".equals(this.fields.get(RecordField.PUBLISHED));
    }

    public RequestStatus status() {
        return RequestStatus.valueOf(this.fields.get(RecordField.STATUS));
    }

    /** How many updates the record has taken; it only grows. */
    public long seq() {
        return number(RecordField.SEQ);
    }

    public String type() {
        return this.fields.get(RecordField.TYPE);
    }

    public RequestView view() {
        String progress = this.fields.get(RecordField.PROGRESS);
        return new RequestView(this.correlationId, type(), status(),
                (progress != null) ? Integer.valueOf(progress) : null, this.fields.get(RecordField.STAGE),
                json(RecordField.RESULT), error(), number(RecordField.SEQ), this.fields.get(RecordField.ACCEPTED_BY),
                instant(RecordField.CREATED_AT), instant(RecordField.UPDATED_AT), instant(RecordField.DEADLINE),
                callback());
    }

    private CallbackView callback() {
        String url = this.fields.get(RecordField.CALLBACK_URL);
        return (url != null) ? new CallbackView(url, this.fields.getOrDefault(RecordField.CALLBACK_STATE, "pending"),
                (int) number(RecordField.CALLBACK_ATTEMPTS)) : null;
    }

    private JsonNode json(String field) {
        String text = this.fields.get(field);
        return (text != null) ? Json.mapper().readTree(text) : null;
    }

    private JobError error() {
        String text = this.fields.get(RecordField.ERROR);
        return (text != null) ? Json.mapper().readValue(text, JobError.class) : null;
    }

    private long number(String field) {
        String text = this.fields.get(field);
        return (text != null) ? Long.parseLong(text) : 0;
    }

    private Instant instant(String field) {
        String text = this.fields.get(field);
        return (text != null) ? Instant.ofEpochMilli(Long.parseLong(text)) : null;
    }

}
