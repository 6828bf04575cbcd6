package io.backchannel.node.intake;

import io.backchannel.contracts.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadHashTests {

    @Test
    void hash_isSha256HexOfTheCanonicalJson() {
        // SHA-256 of the 2 bytes "{}"
        assertThat(PayloadHash.of(json("{}")))
            .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    }

    @Test
    void hash_ignoresKeyOrder_atEveryDepth() {
        String a = PayloadHash.of(json("{\"steps\":3,\"opts\":{\"x\":1,\"y\":[{\"b\":2,\"a\":1}]},\"name\":\"r\"}"));
        String b = PayloadHash.of(json("{\"name\":\"r\",\"opts\":{\"y\":[{\"a\":1,\"b\":2}],\"x\":1},\"steps\":3}"));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void hash_ignoresWhitespaceAndEscapes() {
        assertThat(PayloadHash.of(json("{ \"k\" : \"A\" }"))).isEqualTo(PayloadHash.of(json("{\"k\":\"\\u0041\"}")));
    }

    @Test
    void hash_changesWithAnyValue() {
        String base = PayloadHash.of(json("{\"steps\":3,\"opts\":{\"x\":[1,2]}}"));
        assertThat(PayloadHash.of(json("{\"steps\":4,\"opts\":{\"x\":[1,2]}}"))).isNotEqualTo(base);
        assertThat(PayloadHash.of(json("{\"steps\":3,\"opts\":{\"x\":[2,1]}}"))).as("array order matters")
            .isNotEqualTo(base);
        assertThat(PayloadHash.of(json("{\"steps\":\"3\",\"opts\":{\"x\":[1,2]}}"))).as("types matter")
            .isNotEqualTo(base);
        assertThat(PayloadHash.of(json("{\"steps\":3,\"opts\":{\"x\":[1,2]},\"extra\":null}"))).as("keys matter")
            .isNotEqualTo(base);
    }

    private static JsonNode json(String text) {
        return Json.mapper().readTree(text);
    }

}
