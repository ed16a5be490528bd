package dev.haechi.demo.retailer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetailerSizesTest {

  @Test
  void full_scale_is_95000_employees_and_smaller_scales_shrink_with_a_floor() {
    assertThat(RetailerSizes.at(1.0).employees()).isEqualTo(95_000);
    assertThat(RetailerSizes.at(0.01).employees()).isEqualTo(950);
    assertThat(RetailerSizes.at(0.001).employees()).isEqualTo(400);
    assertThat(RetailerSizes.at(2.0).employees()).isEqualTo(190_000);
    assertThat(RetailerSizes.at(0.001).leaverEnabledAccounts()).isEqualTo(3);
  }
}
