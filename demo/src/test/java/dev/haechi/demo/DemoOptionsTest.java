package dev.haechi.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void zero_or_negative_scale_is_rejected_with_a_one_line_reason() {
    for (double scale : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> DemoOptions.of(1, scale))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scale")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void absurd_scale_is_rejected() {
    assertThatThrownBy(() -> DemoOptions.of(1, 1_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("demo scale must be between 0.001 and 10.0, got 1000.0");
  }

  @Test
  void unknown_organisation_is_rejected_naming_the_known_ones() {
    assertThatThrownBy(() -> new DemoOptions(1, 1, Set.of("bank")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown demo organisation 'bank' (known: government, retailer)");
  }

  @Test
  void no_organisation_is_rejected() {
    assertThatThrownBy(() -> new DemoOptions(1, 1, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void organisations_are_kept_in_a_stable_order() {
    assertThat(new DemoOptions(1, 1, Set.of("retailer", "government")).organisations())
        .containsExactly("government", "retailer");
  }
}
