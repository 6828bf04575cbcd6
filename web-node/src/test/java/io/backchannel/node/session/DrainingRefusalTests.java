package io.backchannel.node.session;

import java.io.IOException;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class DrainingRefusalTests {

    @Test
    void aDrainingNode_refusesTheUpgradeWith503AndRetryAfter_otherwiseLetsItThrough() throws IOException {
        AtomicBoolean draining = new AtomicBoolean();
        DrainingRefusal refusal = new DrainingRefusal(draining::get);

        MockHttpServletResponse open = new MockHttpServletResponse();
        assertThat(upgrade(refusal, open)).isTrue();
        assertThat(open.getStatus()).isEqualTo(200);

        draining.set(true);
        MockHttpServletResponse refused = new MockHttpServletResponse();
        assertThat(upgrade(refusal, refused)).isFalse();
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    }

    private static boolean upgrade(DrainingRefusal refusal, MockHttpServletResponse servletResponse)
            throws IOException {
        ServletServerHttpResponse response = new ServletServerHttpResponse(servletResponse);
        boolean passed = refusal.beforeHandshake(new ServletServerHttpRequest(new MockHttpServletRequest("GET", "/ws")),
                response, null, new HashMap<>());
        response.flush();
        return passed;
    }

}
