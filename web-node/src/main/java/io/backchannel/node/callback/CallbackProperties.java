package io.backchannel.node.callback;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Callbacks to the URLs requests name.
 *
 * @param allowedHosts the hosts callbacks may call (a name, or {@code *.example.com} for
 * its subdomains); empty by default, and then every request naming a callback is refused
 * (422): a node never calls a host an operator did not list
 * @param secret the key of the {@code Backchannel-Signature} HMAC, 32 characters at
 * least, the same on every node; required once hosts are listed
 * @param connectTimeout the longest wait for a connection; default 2 s
 * @param timeout the longest wait for an answer, connection included; default 5 s
 * @param backoff the pauses before the second, third, ... call; the last one repeats;
 * default 1 s, 5 s, 30 s, 2 min, 10 min, 1 h
 * @param retryFor how long after the first call a callback is tried again before it is
 * given up (and dead-lettered); default 24 h
 * @param concurrency deliveries one node makes at once; default 4
 */
@ConfigurationProperties("backchannel.callbacks")
public record CallbackProperties(@DefaultValue List<String> allowedHosts, @DefaultValue("") String secret,
        @DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration timeout, @DefaultValue( {
                "1s", "5s", "30s", "2m", "10m", "1h" }) List<Duration> backoff,
        @DefaultValue("24h") Duration retryFor, @DefaultValue("4") int concurrency){

    public CallbackProperties {
        allowedHosts = allowedHosts.stream().map((h) -> h.trim().toLowerCase(Locale.ROOT)).toList();
        if (!allowedHosts.isEmpty() && secret.length() < 32) {
            throw new IllegalArgumentException(
                    "backchannel.callbacks.secret must have 32 characters at least once allowed-hosts lists hosts");
        }
        if (backoff.isEmpty() || backoff.stream().anyMatch((d) -> d.toMillis() < 1)) {
            throw new IllegalArgumentException("backchannel.callbacks.backoff must list positive pauses");
        }
        if (connectTimeout.toMillis() < 1 || timeout.toMillis() < 1 || retryFor.isNegative() || concurrency < 1) {
            throw new IllegalArgumentException("backchannel.callbacks timeouts and concurrency must be positive");
        }
        backoff = List.copyOf(backoff);
    }

    /** The pause after call {@code attempt} (from 1) failed. */
    Duration pauseAfter(int attempt) {
        return this.backoff.get(Math.min(attempt, this.backoff.size()) - 1);
    }

}
