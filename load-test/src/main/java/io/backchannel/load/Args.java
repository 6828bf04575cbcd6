package io.backchannel.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command line: a command (the scenario), then {@code --key=value} options; a bare
 * {@code --flag} means {@code true}. Every option is read through a typed accessor with
 * its default; {@link #rejectUnread()} then refuses whatever no accessor asked for, so a
 * misspelt option never falls back to a default unnoticed.
 */
public final class Args {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private final String command;

    private final Map<String, String> values;

    private final Set<String> read = ConcurrentHashMap.newKeySet();

    private Args(String command, Map<String, String> values) {
        this.command = command;
        this.values = values;
    }

    public static Args parse(String... argv) {
        String command = null;
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : argv) {
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String key = (eq < 0) ? arg.substring(2) : arg.substring(2, eq);
                if (key.isEmpty()) {
                    throw new UsageException("an option without a name: " + arg);
                }
                if (values.put(key, (eq < 0) ? "true" : arg.substring(eq + 1)) != null) {
                    throw new UsageException("--" + key + " is given twice");
                }
            }
            else if (command == null) {
                command = arg;
            }
            else {
                throw new UsageException("unexpected argument '" + arg + "': options look like --name=value");
            }
        }
        return new Args(command, values);
    }

    /** The scenario's name, or null when none was given. */
    public String command() {
        return this.command;
    }

    /** Every option as given, for the results file. */
    public Map<String, String> given() {
        return Collections.unmodifiableMap(this.values);
    }

    public boolean has(String key) {
        this.read.add(key);
        return this.values.containsKey(key);
    }

    public String string(String key, String fallback) {
        this.read.add(key);
        return this.values.getOrDefault(key, fallback);
    }

    public boolean flag(String key) {
        return typed(key, false, (v) -> switch (v) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("true or false");
        });
    }

    /** A whole number of at least {@code min}. */
    public int integer(String key, int fallback, int min) {
        int value = typed(key, fallback, Integer::parseInt);
        return atLeast(key, value, min);
    }

    public List<Integer> integers(String key, List<Integer> fallback, int min) {
        List<Integer> list = typed(key, fallback, (v) -> split(v).stream().map(Integer::parseInt).toList());
        list.forEach((value) -> atLeast(key, value, min));
        return list;
    }

    /** A positive number (rates). */
    public double number(String key, double fallback) {
        double value = typed(key, fallback, Double::parseDouble);
        if (!(value > 0)) {
            throw new UsageException("--" + key + " must be more than 0");
        }
        return value;
    }

    /**
     * {@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h}; a bare number means seconds.
     */
    public Duration duration(String key, Duration fallback) {
        return typed(key, fallback, Args::parseDuration);
    }

    public URI uri(String key, URI fallback) {
        return typed(key, fallback, Args::parseUri);
    }

    /**
     * Comma-separated URLs; an item that is only a port takes the scheme and host of the
     * item before it: {@code http://127.0.0.1:8081,8082,8083}.
     */
    public List<URI> uris(String key, List<URI> fallback) {
        return typed(key, fallback, Args::parseUris);
    }

    /**
     * @throws UsageException naming every option that no accessor read
     */
    public void rejectUnread() {
        Set<String> unread = new TreeSet<>(this.values.keySet());
        unread.removeAll(this.read);
        if (!unread.isEmpty()) {
            throw new UsageException("unknown option(s) for '" + this.command + "': --" + String.join(", --", unread));
        }
    }

    static Duration parseDuration(String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("a duration like 500ms, 20s, 2m");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch ((m.group(2) != null) ? m.group(2) : "s") {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    static List<URI> parseUris(String value) {
        List<URI> uris = new ArrayList<>();
        for (String item : split(value)) {
            if (item.matches("\\d+")) {
                if (uris.isEmpty()) {
                    throw new IllegalArgumentException("a URL before the first bare port");
                }
                URI previous = uris.get(uris.size() - 1);
                uris.add(URI.create(previous.getScheme() + "://" + previous.getHost() + ":" + item));
            }
            else {
                uris.add(parseUri(item));
            }
        }
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("at least one URL");
        }
        return List.copyOf(uris);
    }

    private static URI parseUri(String value) {
        URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        if (uri.getHost() == null || !"http".equals(uri.getScheme())) {
            // The driver's HTTP and WebSocket clients speak plain HTTP only.
            throw new IllegalArgumentException("an http:// URL with a host");
        }
        return uri;
    }

    private static List<String> split(String value) {
        return List.of(value.split(",")).stream().map(String::trim).filter((s) -> !s.isEmpty()).toList();
    }

    /**
     * An option read by {@code parser}; an exception from it becomes a UsageException
     * naming the option.
     */
    public <T> T typed(String key, T fallback, Function<String, T> parser) {
        this.read.add(key);
        String raw = this.values.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return parser.apply(raw);
        }
        catch (RuntimeException ex) {
            String expected = (ex instanceof NumberFormatException) ? "a number" : ex.getMessage();
            throw new UsageException("--" + key + "=" + raw + ": expected " + expected);
        }
    }

    private static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new UsageException("--" + key + " must be at least " + min);
        }
        return value;
    }

}
