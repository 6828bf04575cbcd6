package io.backchannel.contracts.ws;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A frame a client sends on {@code /ws}: a JSON text frame whose {@code type} names it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = Ping.class, name = "ping"), @JsonSubTypes.Type(value = Pong.class, name = "pong"),
        @JsonSubTypes.Type(value = Submit.class, name = "submit"),
        @JsonSubTypes.Type(value = Auth.class, name = "auth") })
public sealed interface ClientFrame permits Hello, Ping, Pong, Submit, Auth {

}
