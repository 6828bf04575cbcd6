package io.backchannel.node.web;

import io.backchannel.contracts.json.Json;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The mapper Spring Boot builds for HTTP bodies takes the wire settings of {@link Json},
 * so that a body is read and written here exactly as workers and clients expect (for
 * example, trailing garbage after the JSON object is refused rather than ignored).
 */
@Configuration(proxyBeanMethods = false)
class WebJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer wireJsonSettings() {
        return Json::configure;
    }

}
