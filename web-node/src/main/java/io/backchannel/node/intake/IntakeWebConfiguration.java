package io.backchannel.node.intake;

import io.backchannel.node.limits.ClientRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the body size limit in front of everything under {@code /api}, the rate limit in
 * front of the request endpoints (after the bearer check, which {@code auth} registers
 * first), and the intake's counters around all of them.
 */
@Configuration(proxyBeanMethods = false)
class IntakeWebConfiguration implements WebMvcConfigurer {

    private final ClientRateLimiter rateLimiter;

    IntakeWebConfiguration(ClientRateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RateLimitCheck(this.rateLimiter)).addPathPatterns(RequestController.PATH);
    }

    @Bean
    IntakeMeters intakeMeters(MeterRegistry meters) {
        return new IntakeMeters(meters);
    }

    @Bean
    FilterRegistrationBean<IntakeMeters> intakeMetersFilter(IntakeMeters meters) {
        FilterRegistrationBean<IntakeMeters> registration = new FilterRegistrationBean<>(meters);
        registration.addUrlPatterns(RequestController.PATH);
        // Around the body size limit, so that its 413 is counted too.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
        return registration;
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
