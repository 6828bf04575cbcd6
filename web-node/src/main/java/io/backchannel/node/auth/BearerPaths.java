package io.backchannel.node.auth;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The one place that says which endpoints need a bearer token: the requests (submit,
 * read, list, cancel), the publish API and the cluster view ({@code GET /api/cluster},
 * for the demo page and clients, not for anyone mapping the installation). The check runs
 * first, before the body is read and before the rate limit, which counts per
 * authenticated client.
 */
@Configuration(proxyBeanMethods = false)
class BearerPaths implements WebMvcConfigurer {

    static final String[] PATHS = { "/api/requests", "/api/requests/**", "/api/publish", "/api/cluster" };

    private final Authenticator authenticator;

    BearerPaths(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BearerAuthentication(this.authenticator))
            .addPathPatterns(PATHS)
            .order(Ordered.HIGHEST_PRECEDENCE);
    }

}
