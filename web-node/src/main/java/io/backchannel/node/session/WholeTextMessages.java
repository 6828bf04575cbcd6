package io.backchannel.node.session;

import io.backchannel.contracts.ws.CloseCodes;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Takes client messages in parts and hands the handler whole ones, up to the frame size
 * limit; a longer one closes the socket with 1009.
 *
 * <p>
 * Why: the servlet container allocates a message buffer of the full size limit for every
 * socket when it opens (Tomcat: a {@code char[]} of the text limit, 128 KiB for 64 KB),
 * and almost every socket only ever sends a hello of a few hundred bytes. Taking parts
 * lets the container keep a small buffer per socket; the rare long message is assembled
 * here, only while it arrives.
 */
class WholeTextMessages extends WebSocketHandlerDecorator {

    private static final String PARTS = WholeTextMessages.class.getName() + ".parts";

    private final int maxLength;

    WholeTextMessages(WebSocketHandler delegate, int maxLength) {
        super(delegate);
        this.maxLength = maxLength;
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
        if (message instanceof TextMessage text && !(text.isLast() && parts(session) == null)) {
            assemble(session, text);
        }
        else if (message instanceof BinaryMessage binary && !binary.isLast()) {
            // v1 has no binary frames: the handler refuses the message once, at its end.
            return;
        }
        else {
            super.handleMessage(session, message);
        }
    }

    private void assemble(WebSocketSession session, TextMessage part) throws Exception {
        StringBuilder parts = parts(session);
        if (parts == null) {
            parts = new StringBuilder();
            session.getAttributes().put(PARTS, parts);
        }
        // Length in chars, a lower bound of the UTF-8 bytes the limit is about: close
        // enough for a guard against memory exhaustion.
        if (parts.length() + part.getPayloadLength() > this.maxLength) {
            session.getAttributes().remove(PARTS);
            session.close(new CloseStatus(CloseCodes.TOO_BIG, "frame over the size limit"));
            return;
        }
        parts.append(part.getPayload());
        if (part.isLast()) {
            session.getAttributes().remove(PARTS);
            super.handleMessage(session, new TextMessage(parts.toString()));
        }
    }

    private static StringBuilder parts(WebSocketSession session) {
        return (StringBuilder) session.getAttributes().get(PARTS);
    }

}
