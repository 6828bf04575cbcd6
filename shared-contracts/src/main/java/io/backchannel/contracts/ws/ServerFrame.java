package io.backchannel.contracts.ws;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A frame a web node sends on {@code /ws}: a JSON text frame whose {@code type} names it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = Welcome.class, name = "welcome"),
        @JsonSubTypes.Type(value = UpdateFrame.class, name = "update"),
        @JsonSubTypes.Type(value = ErrorFrame.class, name = "error"),
        @JsonSubTypes.Type(value = Ping.class, name = "ping"), @JsonSubTypes.Type(value = Pong.class, name = "pong"),
        @JsonSubTypes.Type(value = Accepted.class, name = "accepted"),
        @JsonSubTypes.Type(value = Authenticated.class, name = "authenticated"),
        @JsonSubTypes.Type(value = EventFrame.class, name = "event") })
public sealed interface ServerFrame permits Welcome, InboxFrame, ErrorFrame, Ping, Pong, Accepted, Authenticated {

}
