package io.backchannel.contracts.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jackson settings for every wire type. Web nodes and workers apply the same settings to
 * the mapper their framework builds, through {@link #configure}.
 */
public final class Json {

    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    private Json() {
    }

    /**
     * Absent values are left out rather than sent as null; unknown properties are
     * ignored, so that the protocol can grow by adding fields without breaking older
     * readers.
     */
    public static <M extends tools.jackson.databind.ObjectMapper, B extends MapperBuilder<M, B>> B configure(
            B builder) {
        return builder.changeDefaultPropertyInclusion((incl) -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** A shared, immutable mapper with these settings. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

}
