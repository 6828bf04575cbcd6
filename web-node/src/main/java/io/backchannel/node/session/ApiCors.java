package io.backchannel.node.session;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets pages of the origins allowed to open sockets
 * ({@code backchannel.ws.allowed-origins}) call {@code /api} too, so an application
 * served elsewhere can use the HTTP half of the protocol as well; none by default, which
 * leaves the API to its own origin. Credentials are never allowed: the API takes bearer
 * tokens, not cookies, so there is nothing ambient for a foreign page to borrow.
 */
@Configuration(proxyBeanMethods = false)
class ApiCors implements WebMvcConfigurer {

    private final SessionProperties properties;

    ApiCors(SessionProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (this.properties.allowedOrigins().isEmpty()) {
            return;
        }
        registry.addMapping("/api/**")
            .allowedOriginPatterns(this.properties.allowedOrigins().toArray(String[]::new))
            .allowedMethods("GET", "POST", "DELETE")
            .allowedHeaders(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.IF_NONE_MATCH, "Prefer")
            .exposedHeaders(HttpHeaders.ETAG, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, "Preference-Applied")
            .allowCredentials(false)
            .maxAge(3600);
    }

}
