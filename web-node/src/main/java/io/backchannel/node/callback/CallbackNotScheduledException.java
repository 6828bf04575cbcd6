package io.backchannel.node.callback;

/**
 * The broker did not take a callback delivery; the step that asked for it is done again.
 */
public class CallbackNotScheduledException extends RuntimeException {

    CallbackNotScheduledException(String message, Throwable cause) {
        super("Callback not scheduled: " + message, cause);
    }

}
