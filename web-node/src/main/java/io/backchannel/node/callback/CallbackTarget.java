package io.backchannel.node.callback;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import io.backchannel.contracts.http.CallbackSpec;
import io.backchannel.contracts.http.ProblemType;
import io.backchannel.node.web.ApiProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Checks the callback a request names, before anything is stored: a well-formed absolute
 * {@code http(s)} URL without credentials (400 otherwise), whose host an operator listed
 * (422 otherwise). The list is the whole defence against a request that would make the
 * nodes call into the network they run in: no address, no redirect and no host outside it
 * is ever called.
 */
@Component
public class CallbackTarget {

    private static final int MAX_LENGTH = 2048;

    private final CallbackProperties properties;

    CallbackTarget(CallbackProperties properties) {
        this.properties = properties;
    }

    /**
     * @return the URL to call, or null when the request names no callback
     * @throws ApiProblemException 400 for a malformed URL, 422 for a host not listed
     */
    public @Nullable String check(@Nullable CallbackSpec callback) {
        if (callback == null) {
            return null;
        }
        String url = callback.url();
        URI uri;
        try {
            if (url == null || url.length() > MAX_LENGTH) {
                throw new URISyntaxException(String.valueOf(url), "missing or too long");
            }
            uri = new URI(url);
        }
        catch (URISyntaxException ex) {
            throw bad();
        }
        String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw bad();
        }
        if (!allowed(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new ApiProblemException(ProblemType.CALLBACK_REFUSED,
                    this.properties.allowedHosts().isEmpty()
                            ? "This deployment makes no callbacks: its operator lists no hosts for them."
                            : "This deployment makes no callbacks to host '" + uri.getHost() + "'.");
        }
        return uri.toString();
    }

    private boolean allowed(String host) {
        for (String listed : this.properties.allowedHosts()) {
            if (listed.equals(host) || (listed.startsWith("*.") && host.endsWith(listed.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    private static ApiProblemException bad() {
        return new ApiProblemException(ProblemType.BAD_REQUEST,
                "Field 'callback.url' must be an absolute http or https URL without credentials or fragment,"
                        + " at most " + MAX_LENGTH + " characters.");
    }

}
