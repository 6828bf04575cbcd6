package io.backchannel.node.auth;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/auth}: how this installation takes identities, for a page that must
 * decide between an anonymous session and the application's sign-in before its first
 * call. Open to anyone: it tells nothing a refused call would not.
 */
@RestController
class AuthModeController {

    private final AuthProperties properties;

    AuthModeController(AuthProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/api/auth")
    Map<String, String> mode() {
        return Map.of("mode", this.properties.mode().name().toLowerCase());
    }

}
