package io.backchannel.node.auth;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code GET /api/cluster} (the live nodes and their socket counts) only for a caller
 * with a valid token: it is for the demo page and for clients, not for anyone on the
 * internet mapping the installation.
 */
@Configuration(proxyBeanMethods = false)
class ClusterViewAccess implements WebMvcConfigurer {

    static final String PATH = "/api/cluster";

    private final Authenticator authenticator;

    ClusterViewAccess(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BearerAuthentication(this.authenticator)).addPathPatterns(PATH);
    }

}
