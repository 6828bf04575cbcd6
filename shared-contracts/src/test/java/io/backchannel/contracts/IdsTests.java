package io.backchannel.contracts;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.InvalidIdException;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.id.NodeId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdsTests {

    @Test
    void clientId_random_isValidAndUnique() {
        ClientId a = ClientId.random();
        assertThat(ClientId.of(a.value())).isEqualTo(a);
        assertThat(ClientId.random()).isNotEqualTo(a);
    }

    @Test
    void clientId_rejectsOtherForms_soNoneCanBreakOutOfItsHashTag() {
        for (String bad : new String[] { "", "short", "}:req:aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaa*",
                "aaaaaaaaaaaaaaaaaaaaaaa" }) {
            assertThatThrownBy(() -> ClientId.of(bad)).isInstanceOf(InvalidIdException.class);
        }
        assertThatThrownBy(() -> ClientId.of(null)).isInstanceOf(InvalidIdException.class);
    }

    @Test
    void clientId_forUser_isStable_perUser_andAValidClientId() {
        ClientId alice = ClientId.forUser("alice@example.com");
        assertThat(ClientId.forUser("alice@example.com")).isEqualTo(alice);
        assertThat(ClientId.of(alice.value())).isEqualTo(alice);
        assertThat(ClientId.forUser("alice@example.co")).isNotEqualTo(alice);
        assertThat(alice.value()).doesNotContain("alice");
        assertThatThrownBy(() -> ClientId.forUser("")).isInstanceOf(InvalidIdException.class);
    }

    @Test
    void correlationId_acceptsUuids_inAnyCase_andKeepsLowerCase() {
        assertThat(CorrelationId.of("3F2504E0-4F89-11D3-9A0C-0305E82C3301").value())
            .isEqualTo("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        for (String bad : new String[] { "", "abc", "3f2504e0-4f89-11d3-9a0c-0305e82c330",
                "3f2504e04f8911d39a0c0305e82c3301", "3f2504e0-4f89-11d3-9a0c-0305e82c330g", "../../etc/passwd" }) {
            assertThatThrownBy(() -> CorrelationId.of(bad)).as(bad).isInstanceOf(InvalidIdException.class);
        }
    }

    @Test
    void jobTypeAndNodeId_haveNarrowForms() {
        assertThat(JobType.of("report").value()).isEqualTo("report");
        assertThatThrownBy(() -> JobType.of("Report")).isInstanceOf(InvalidIdException.class);
        assertThatThrownBy(() -> JobType.of("1x")).isInstanceOf(InvalidIdException.class);
        assertThat(NodeId.of("node-a.1").value()).isEqualTo("node-a.1");
        assertThatThrownBy(() -> NodeId.of("node a")).isInstanceOf(InvalidIdException.class);
    }

}
