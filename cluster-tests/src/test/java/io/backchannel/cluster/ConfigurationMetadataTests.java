package io.backchannel.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.backchannel.contracts.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code backchannel.*} property of both apps is described in the metadata the
 * configuration processor writes from the properties records, so an IDE completes and
 * explains it.
 */
class ConfigurationMetadataTests {

    @Test
    void everyBackchannelProperty_ofBothApps_hasADescription() throws IOException {
        List<JsonNode> properties = new ArrayList<>();
        for (URL file : Collections
            .list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = file.openStream()) {
                Json.mapper().readTree(in).path("properties").forEach((property) -> {
                    if (property.path("name").asString().startsWith("backchannel.")) {
                        properties.add(property);
                    }
                });
            }
        }
        assertThat(properties).extracting((p) -> p.path("name").asString())
            .anyMatch((name) -> name.startsWith("backchannel.worker."))
            .anyMatch((name) -> name.startsWith("backchannel.ws."))
            .contains("backchannel.auth.mode", "backchannel.intake.max-body-size");
        assertThat(properties).allSatisfy(
                (property) -> assertThat(property.path("description").asString()).as(property.path("name").asString())
                    .isNotBlank());
    }

}
