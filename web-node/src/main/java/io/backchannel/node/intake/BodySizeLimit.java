package io.backchannel.node.intake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.node.web.ApiProblemException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Caps request bodies under {@code /api}: a declared Content-Length over the limit is
 * refused before anything is read, and a body without one (chunked) is counted as it is
 * read and fails the read once it passes the limit. Either way the answer is the 413
 * problem.
 */
class BodySizeLimit extends OncePerRequestFilter {

    private final long maxBytes;

    private final HandlerExceptionResolver errors;

    /**
     * @param maxBytes the largest body accepted
     * @param errors Spring MVC's exception resolver, so that a refusal made here is
     * answered by the same handler as every other problem
     */
    BodySizeLimit(long maxBytes, HandlerExceptionResolver errors) {
        this.maxBytes = maxBytes;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > this.maxBytes) {
            this.errors.resolveException(request, response, null, tooLarge());
            return;
        }
        chain.doFilter(new LimitedRequest(request, this.maxBytes), response);
    }

    private ApiProblemException tooLarge() {
        return new ApiProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "The request body is over the limit of " + this.maxBytes + " bytes.");
    }

    private final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;

        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (this.stream == null) {
                this.stream = new LimitedInputStream(super.getInputStream(), this.limit);
            }
            return this.stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

    }

    private final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;

        private final long limit;

        private long count;

        LimitedInputStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = this.delegate.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = this.delegate.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        /**
         * Unchecked on purpose: Jackson and Spring pass it on (wrapped) to the exception
         * handler, which finds it in the cause chain, rather than calling it an I/O
         * error.
         */
        private void counted(int n) {
            this.count += n;
            if (this.count > this.limit) {
                throw tooLarge();
            }
        }

        @Override
        public boolean isFinished() {
            return this.delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return this.delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.delegate.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            this.delegate.close();
        }

    }

}
