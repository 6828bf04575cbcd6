package io.backchannel.load.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTests {

    @Test
    void numbersAreRightAligned_textLeftAligned_missingShownAsDash() {
        String table = new Table("what", "count", "ms").row("local", 12, 1.5).row("backplane", 3456, null).toString();
        assertThat(table).isEqualTo("""
                what       count    ms
                ---------  -----  ----
                local         12  1.50
                backplane   3456     -
                """);
    }

    @Test
    void format_showsWholeDoublesWithoutDecimals() {
        assertThat(Table.format(3.0)).isEqualTo("3");
        assertThat(Table.format(1234.567)).isEqualTo("1234.6");
        assertThat(Table.format(0.01234)).isEqualTo("0.012");
        assertThat(Table.format(Double.NaN)).isEqualTo("-");
    }

    @Test
    void row_mustFillEveryColumn() {
        assertThatThrownBy(() -> new Table("a", "b").row(1)).isInstanceOf(IllegalArgumentException.class);
    }

}
