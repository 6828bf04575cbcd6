package io.backchannel.node.cancel;

import io.backchannel.contracts.http.RequestView;

/**
 * What a cancel did.
 *
 * @param view the request's record after it
 * @param cancelled whether this call ended the request (202), or found it ended (200)
 */
public record CancelOutcome(RequestView view, boolean cancelled) {
}
