package io.backchannel.node.intake;

import io.backchannel.node.auth.TokenService;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the body size limit in front of everything under {@code /api} and the bearer token
 * check in front of the request endpoints.
 */
@Configuration(proxyBeanMethods = false)
class IntakeWebConfiguration implements WebMvcConfigurer {

    private final TokenService tokens;

    IntakeWebConfiguration(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BearerAuthentication(this.tokens))
            .addPathPatterns(RequestController.PATH, RequestController.PATH + "/**");
    }

    @Bean
    FilterRegistrationBean<BodySizeLimit> apiBodySizeLimit(IntakeProperties properties,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        FilterRegistrationBean<BodySizeLimit> registration = new FilterRegistrationBean<>(
                new BodySizeLimit(properties.maxBodySize().toBytes(), errors));
        registration.addUrlPatterns("/api/*");
        // Early, so that no other filter reads a body before it is capped.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        return registration;
    }

}
