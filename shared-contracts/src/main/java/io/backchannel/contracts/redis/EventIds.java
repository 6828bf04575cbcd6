package io.backchannel.contracts.redis;

import io.backchannel.contracts.id.InvalidIdException;

/**
 * Event ids are Redis stream ids, {@code <milliseconds>-<sequence>}, and order events per
 * client. Compare them with {@link #compare}, never as strings.
 */
public final class EventIds {

    /** Before every event: a cursor at the start of an inbox. */
    public static final String START = "0-0";

    private EventIds() {
    }

    /**
     * Checks the form of an event id from outside.
     * @throws InvalidIdException when it is not {@code digits-digits} within 64-bit range
     */
    public static String parse(String id) {
        parts(id);
        return id;
    }

    public static int compare(String a, String b) {
        long[] x = parts(a);
        long[] y = parts(b);
        int ms = Long.compareUnsigned(x[0], y[0]);
        return (ms != 0) ? ms : Long.compareUnsigned(x[1], y[1]);
    }

    /**
     * Only 0-9 around the one dash: Java's number parsing also takes other scripts'
     * digits, which Redis refuses.
     */
    private static boolean asciiDigits(String id, int dash) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (i != dash && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    private static long[] parts(String id) {
        if (id == null || id.length() > 41) {
            throw new InvalidIdException("event id must look like 1700000000000-0");
        }
        int dash = id.indexOf('-');
        if (dash <= 0 || dash == id.length() - 1 || !asciiDigits(id, dash)) {
            throw new InvalidIdException("event id must look like 1700000000000-0");
        }
        try {
            return new long[] { Long.parseUnsignedLong(id, 0, dash, 10),
                    Long.parseUnsignedLong(id, dash + 1, id.length(), 10) };
        }
        catch (NumberFormatException ex) {
            throw new InvalidIdException("event id must look like 1700000000000-0");
        }
    }

}
