package io.backchannel.node.intake;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.http.ProblemType;
import io.backchannel.node.record.RequestPage;
import io.backchannel.node.web.ApiProblemException;
import org.jspecify.annotations.Nullable;

/**
 * The query of {@code GET /api/requests}, read and checked: each bad parameter is a 400
 * naming it.
 */
final class ListQuery {

    static final int DEFAULT_LIMIT = 20;

    static final int MAX_LIMIT = 100;

    /**
     * {@code <createdAt>.<correlationId>}, as {@link #cursor(RequestPage.Cursor)} writes
     * it.
     */
    private static final Pattern CURSOR = Pattern
        .compile("(\\d{1,15})\\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    private ListQuery() {
    }

    static Set<RequestStatus> statuses(@Nullable String value) {
        Set<RequestStatus> statuses = EnumSet.noneOf(RequestStatus.class);
        if (value == null || value.isBlank()) {
            return statuses;
        }
        for (String name : value.split(",")) {
            try {
                statuses.add(RequestStatus.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            }
            catch (IllegalArgumentException ex) {
                throw bad("Parameter 'status' takes QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED, comma-separated.");
            }
        }
        return statuses;
    }

    static int limit(@Nullable String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        }
        catch (NumberFormatException ex) {
            // Answered below.
        }
        throw bad("Parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    static RequestPage.@Nullable Cursor cursor(@Nullable String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        var match = CURSOR.matcher(value);
        if (!match.matches()) {
            throw bad("Parameter 'before' must be the 'next' of a page, as it was given.");
        }
        return new RequestPage.Cursor(Long.parseLong(match.group(1)), match.group(2));
    }

    static String cursor(RequestPage.Cursor cursor) {
        return cursor.createdAt() + "." + cursor.correlationId();
    }

    private static ApiProblemException bad(String detail) {
        return new ApiProblemException(ProblemType.BAD_REQUEST, detail);
    }

}
