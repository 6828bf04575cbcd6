package io.backchannel.contracts.id;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A web node's or worker's name in the cluster: 1 to 64 of letters, digits, '.', '_' and
 * '-'. It names the node's backplane channel, so two live nodes must never share one.
 */
public record NodeId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public NodeId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new InvalidIdException("nodeId must be 1 to 64 of letters, digits, '.', '_' and '-'");
        }
    }

    @JsonCreator
    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return this.value;
    }

    @Override
    public String toString() {
        return this.value;
    }

}
