package io.backchannel.worker.jobs;

import io.backchannel.contracts.JobErrorCode;
import io.backchannel.contracts.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PayloadsTests {

    @ParameterizedTest
    @ValueSource(strings = { "[]", "\"text\"", "42", "null", "true" })
    void object_rejectsAnythingButAnObject(String json) {
        assertThatExceptionOfType(FatalJobException.class).isThrownBy(() -> Payloads.object(json(json)))
            .satisfies((ex) -> assertThat(ex.code()).isEqualTo(JobErrorCode.BAD_PAYLOAD))
            .withMessage("payload must be a JSON object");
    }

    @Test
    void object_rejectsMissingPayload() {
        assertThatExceptionOfType(FatalJobException.class).isThrownBy(() -> Payloads.object(null));
    }

    @Test
    void intField_absentOrNull_isTheDefault() {
        assertThat(Payloads.intField(json("{}"), "n", 1, 10, 7)).isEqualTo(7);
        assertThat(Payloads.intField(json("{\"n\":null}"), "n", 1, 10, 7)).isEqualTo(7);
    }

    @Test
    void intField_acceptsTheBounds() {
        assertThat(Payloads.intField(json("{\"n\":1}"), "n", 1, 10, 7)).isEqualTo(1);
        assertThat(Payloads.intField(json("{\"n\":10}"), "n", 1, 10, 7)).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "11", "-1", "2.5", "\"5\"", "true", "[5]", "{}", "99999999999999999999999" })
    void intField_rejectsWrongTypesAndRanges_namingTheField(String value) {
        assertThatExceptionOfType(FatalJobException.class)
            .isThrownBy(() -> Payloads.intField(json("{\"n\":" + value + "}"), "n", 1, 10, 7))
            .satisfies((ex) -> assertThat(ex.code()).isEqualTo(JobErrorCode.BAD_PAYLOAD))
            .withMessage("n must be a whole number from 1 to 10 (default 7)");
    }

    private static JsonNode json(String json) {
        return Json.mapper().readTree(json);
    }

}
