package io.backchannel.node.web;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityHeadersTests {

    @Test
    void everyAnswer_getsAPolicyWithoutInlineScript_andTheHardeningHeaders() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new SecurityHeaders().doFilter(new MockHttpServletRequest("GET", "/"), response, new MockFilterChain());

        String policy = response.getHeader("Content-Security-Policy");
        assertThat(policy).contains("default-src 'self'", "script-src 'self'", "connect-src 'self' ws: wss:",
                "frame-ancestors 'none'", "object-src 'none'");
        assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
    }

}
