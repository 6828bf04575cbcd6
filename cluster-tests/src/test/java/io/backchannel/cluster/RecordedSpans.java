package io.backchannel.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Every span the apps of this JVM export, with the app that made it: a span exporter in
 * each app's context (Spring Boot adds it to the app's OpenTelemetry SDK), all writing
 * here.
 */
@Configuration(proxyBeanMethods = false)
class RecordedSpans {

    /** One exported span and the node or worker id of the app that made it. */
    record Recorded(String app, SpanData span) {
    }

    private static final Queue<Recorded> spans = new ConcurrentLinkedQueue<>();

    /** The spans of the trace {@code traceId} exported so far. */
    static List<Recorded> ofTrace(String traceId) {
        return spans.stream().filter((recorded) -> recorded.span().getTraceId().equals(traceId)).toList();
    }

    @Bean
    SpanExporter recordingSpanExporter(Environment environment) {
        String app = environment.getProperty("backchannel.node.id",
                environment.getProperty("backchannel.worker.worker-id", "?"));
        return new SpanExporter() {

            @Override
            public CompletableResultCode export(Collection<SpanData> exported) {
                exported.forEach((span) -> spans.add(new Recorded(app, span)));
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }

        };
    }

}
