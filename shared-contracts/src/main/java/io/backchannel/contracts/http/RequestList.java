package io.backchannel.contracts.http;

import java.util.List;

/**
 * Body of {@code GET /api/requests}: a page of the caller's own requests, newest first.
 *
 * @param requests the page; it may hold fewer than the limit even when more follow
 * @param next the {@code before} of the next page; absent when this page is the last
 */
public record RequestList(List<RequestView> requests, String next) {
}
