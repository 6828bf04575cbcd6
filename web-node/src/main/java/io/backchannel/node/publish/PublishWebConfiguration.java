package io.backchannel.node.publish;

import io.backchannel.node.auth.Authenticator;
import io.backchannel.node.auth.BearerAuthentication;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A bearer token in front of {@code POST /api/publish}, checked before the body is read.
 */
@Configuration(proxyBeanMethods = false)
class PublishWebConfiguration implements WebMvcConfigurer {

    private final Authenticator authenticator;

    PublishWebConfiguration(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BearerAuthentication(this.authenticator)).addPathPatterns(PublishController.PATH);
    }

}
