package dev.haechi.connectors.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.identity.model.Account;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Paging against a naive twin: whatever the number of users, the page size asked for and the cap
 * the provider puts on pages, the list is every user once, in the provider's order, fetched in
 * exactly as many requests as full pages need.
 */
class ScimPagingPropertyTest {

  @Property(tries = 60)
  void every_user_arrives_once_in_order_whatever_the_page_sizes(
      @ForAll @IntRange(min = 0, max = 57) int users,
      @ForAll @IntRange(min = 1, max = 20) int asked,
      @ForAll @IntRange(min = 1, max = 20) int cap)
      throws Exception {
    try (ScimServiceProvider p = ScimServiceProvider.start("tok")) {
      p.maxPageSize(cap);
      for (int i = 0; i < users; i++) {
        p.addUser("id-" + i, "user" + i, null, true);
      }

      List<Account> read =
          new ScimAccountSource(
                  "okta",
                  ScimEndpoint.of(p.url(), "T"),
                  null,
                  asked,
                  SecretEnvironment.of(Map.of("T", "tok")))
              .readAll();

      assertThat(read)
          .extracting(Account::accountId)
          .containsExactlyElementsOf(IntStream.range(0, users).mapToObj(i -> "id-" + i).toList());
      int perPage = Math.min(asked, cap);
      int expectedRequests = users == 0 ? 1 : (users + perPage - 1) / perPage;
      assertThat(p.requests()).hasSize(expectedRequests);
    }
  }
}
