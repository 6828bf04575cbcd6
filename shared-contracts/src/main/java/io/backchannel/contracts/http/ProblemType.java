package io.backchannel.contracts.http;

import java.net.URI;

/**
 * The stable {@code type} of every {@code application/problem+json} answer. Clients
 * branch on these, never on the wording of {@code detail}.
 *
 * <table>
 * <tr>
 * <th>type</th>
 * <th>status</th>
 * <th>meaning</th>
 * </tr>
 * <tr>
 * <td>bad-request</td>
 * <td>400</td>
 * <td>malformed JSON, or a field missing or of the wrong form</td>
 * </tr>
 * <tr>
 * <td>unauthorized</td>
 * <td>401</td>
 * <td>no bearer token, or one that does not verify or has expired</td>
 * </tr>
 * <tr>
 * <td>forbidden</td>
 * <td>403</td>
 * <td>the token is good but does not grant this (a publish without the publish
 * scope)</td>
 * </tr>
 * <tr>
 * <td>not-found</td>
 * <td>404</td>
 * <td>no such request for this client</td>
 * </tr>
 * <tr>
 * <td>conflict</td>
 * <td>409</td>
 * <td>the correlation id is taken by a request with another body</td>
 * </tr>
 * <tr>
 * <td>payload-too-large</td>
 * <td>413</td>
 * <td>the body is over the configured limit</td>
 * </tr>
 * <tr>
 * <td>unsupported-media-type</td>
 * <td>415</td>
 * <td>the body is not JSON</td>
 * </tr>
 * <tr>
 * <td>unknown-type</td>
 * <td>422</td>
 * <td>no worker handles this job type</td>
 * </tr>
 * <tr>
 * <td>rate-limited</td>
 * <td>429</td>
 * <td>too many requests; see Retry-After</td>
 * </tr>
 * <tr>
 * <td>callback-refused</td>
 * <td>422</td>
 * <td>the request names a callback URL whose host the deployment does not call (none,
 * until an operator lists hosts)</td>
 * </tr>
 * <tr>
 * <td>unavailable</td>
 * <td>503</td>
 * <td>broker or store not answering, or node draining; retry the same request after
 * Retry-After</td>
 * </tr>
 * <tr>
 * <td>internal</td>
 * <td>500</td>
 * <td>a bug; nothing about it is disclosed</td>
 * </tr>
 * </table>
 */
public enum ProblemType {

    BAD_REQUEST("bad-request", 400, "Bad request"),

    UNAUTHORIZED("unauthorized", 401, "Unauthorized"),

    FORBIDDEN("forbidden", 403, "Forbidden"),

    NOT_FOUND("not-found", 404, "Not found"),

    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),

    CONFLICT("conflict", 409, "Correlation id already used"),

    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),

    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),

    UNKNOWN_TYPE("unknown-type", 422, "Unknown job type"),

    CALLBACK_REFUSED("callback-refused", 422, "Callback refused"),

    RATE_LIMITED("rate-limited", 429, "Too many requests"),

    UNAVAILABLE("unavailable", 503, "Service unavailable"),

    INTERNAL("internal", 500, "Internal error");

    private static final String PREFIX = "urn:backchannel:problem:";

    private final String slug;

    private final int status;

    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The last part of the type's URI, as the protocol documents it. */
    public String slug() {
        return this.slug;
    }

    public URI uri() {
        return URI.create(PREFIX + this.slug);
    }

    public int status() {
        return this.status;
    }

    public String title() {
        return this.title;
    }

}
