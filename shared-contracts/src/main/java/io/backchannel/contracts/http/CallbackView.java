package io.backchannel.contracts.http;

/**
 * A request's callback as its record shows it.
 *
 * @param url where the terminal record is POSTed
 * @param state {@code pending} until delivered, {@code delivered} once a call was
 * answered 2xx, {@code failed} once the deliveries were given up
 * @param attempts calls made so far
 */
public record CallbackView(String url, String state, int attempts) {
}
