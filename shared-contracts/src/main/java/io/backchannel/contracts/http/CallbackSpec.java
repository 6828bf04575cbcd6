package io.backchannel.contracts.http;

/**
 * Where a request's terminal record is POSTed (a webhook), named on submit.
 *
 * @param url an absolute {@code https} or {@code http} URL whose host the deployment
 * lists in {@code backchannel.callbacks.allowed-hosts}
 */
public record CallbackSpec(String url) {
}
