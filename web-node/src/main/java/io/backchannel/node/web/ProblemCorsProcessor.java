package io.backchannel.node.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.json.Json;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * A cross-origin request from an origin that is not allowed is answered with the 403
 * problem, like every other refusal, instead of Spring's plain-text "Invalid CORS
 * request".
 */
@Component
class ProblemCorsProcessor extends DefaultCorsProcessor implements BeanPostProcessor {

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getBody()
            .write(Json.mapper()
                .writeValueAsString(Problems.of(ProblemType.FORBIDDEN, "This origin may not call the API."))
                .getBytes(StandardCharsets.UTF_8));
        response.flush();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractHandlerMapping mapping) {
            mapping.setCorsProcessor(this);
        }
        return bean;
    }

}
