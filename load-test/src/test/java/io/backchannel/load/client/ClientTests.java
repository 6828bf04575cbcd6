package io.backchannel.load.client;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import io.backchannel.contracts.id.CorrelationId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTests {

    @Test
    void newIds_areRandomVersion4Uuids_allDifferent() {
        Set<CorrelationId> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            CorrelationId id = Client.newId();
            UUID uuid = UUID.fromString(id.value());
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

}
