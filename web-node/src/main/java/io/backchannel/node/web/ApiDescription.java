package io.backchannel.node.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The frame of the OpenAPI description that springdoc generates from the controllers
 * ({@code GET /api/openapi}): what the API is, and that it takes bearer tokens (an
 * anonymous token from {@code POST /api/sessions}, or the application's JWT). The prose
 * reference, WebSocket included, is {@code docs/protocol.md}.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String BEARER = "bearer";

    @Bean
    OpenAPI backchannelApi() {
        return new OpenAPI()
            .info(new Info().title("Backchannel HTTP API")
                .version("v1")
                .description("Submit work with client-generated correlation ids and follow it to its end; "
                        + "updates are pushed on the WebSocket /ws (see docs/protocol.md and docs/asyncapi.yaml)."))
            .components(new Components().addSecuritySchemes(BEARER,
                    new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
            .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

}
