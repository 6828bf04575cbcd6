package io.backchannel.contracts;

import io.backchannel.contracts.id.InvalidIdException;
import io.backchannel.contracts.redis.EventIds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventIdsTests {

    @Test
    void compare_ordersByMillisecondsThenSequence_notAsStrings() {
        assertThat(EventIds.compare("9-0", "10-0")).isNegative();
        assertThat(EventIds.compare("10-2", "10-10")).isNegative();
        assertThat(EventIds.compare("10-10", "10-10")).isZero();
        assertThat(EventIds.compare("11-0", "10-99")).isPositive();
        assertThat(EventIds.compare(EventIds.START, "0-1")).isNegative();
    }

    @Test
    void parse_rejectsAnythingButTwoNumbers() {
        for (String bad : new String[] { "", "-", "1-", "-1", "a-1", "1-b", "1_0", "1-0-0", "99999999999999999999-0",
                "1".repeat(50), "\u0661\u0662-\u0663", "+1-0", "1-+0" }) {
            assertThatThrownBy(() -> EventIds.parse(bad)).as(bad).isInstanceOf(InvalidIdException.class);
        }
        assertThat(EventIds.parse("1700000000000-3")).isEqualTo("1700000000000-3");
    }

}
