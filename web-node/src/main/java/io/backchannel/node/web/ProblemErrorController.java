package io.backchannel.node.web;

import java.net.URI;

import io.backchannel.contracts.http.ProblemType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page, for the few errors that never reach Spring MVC's exception
 * handling (an exception escaping a servlet filter, a {@code sendError} outside MVC):
 * answered as problem+json too, with nothing of the cause. Replaces Spring Boot's
 * {@code BasicErrorController}, whose JSON has another shape.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // No error status at all: someone asked for the error page itself, which does not
        // exist.
        HttpStatusCode status = HttpStatusCode
            .valueOf((code instanceof Integer value && value >= 400) ? value : (code == null) ? 404 : 500);
        ProblemType type = Problems.typeOf(status);
        ProblemDetail problem = Problems.of(type, status, Problems.detailOf(status));
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            try {
                problem.setInstance(URI.create(path));
            }
            catch (IllegalArgumentException ex) {
                // Not a valid URI reference: leave instance out rather than fail the
                // error page.
            }
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

}
