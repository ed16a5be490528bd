package dev.haechi.app.breach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.findings.FindingStore;
import dev.haechi.app.security.Role;
import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13 items 3 and 5, the parts beyond the first landing: Leaver Guard's findings on the case's
 * key in the timeline (the custodian who left, the Vault export line; not a look-alike key), the
 * case exported as Markdown and HTML, and evidence files held: under hold nobody (admins included)
 * deletes or replaces one, each attempt audited, until two different admins release the hold.
 */
class BreachCaseEvidenceTest extends ServerTestSupport {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String VAULT_LINE =
      "vault audit 2025-03-02T09:14:07Z: transit/export/signing-key/auth-2022-01 by"
          + " e1042 (leaver)";

  @Autowired FindingStore findings;
  @Autowired AuditLog audit;

  JsonNode json(org.springframework.test.web.servlet.ResultActions r) throws Exception {
    return JSON.readTree(r.andReturn().getResponse().getContentAsString());
  }

  @Test
  void findings_join_the_timeline_the_case_exports_and_held_evidence_cannot_be_deleted()
      throws Exception {
    // the shared test home's event store outlives the in-memory database (and its case numbers)
    java.nio.file.Path events = java.nio.file.Path.of("target/server-test-home/events");
    if (java.nio.file.Files.exists(events)) {
      try (var s = java.nio.file.Files.walk(events)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    findings.saveRun(
        "test",
        "identity",
        "breach-case-test",
        "test",
        null,
        List.of(
            new Finding(
                "secret-custodian-left",
                Severity.CRITICAL,
                "Signing key jwt-signing (kid auth-2022-01) was exported by leaver Kim (e1042,"
                    + " left 2025-02-28) and never rotated",
                Map.of("person", "e1042", "secret", "jwt-signing"),
                List.of(VAULT_LINE),
                "rotate"),
            new Finding(
                "secret-custodian-left",
                Severity.HIGH,
                "Signing key other (kid auth-2022-011) was held by leaver Lee (e2000)",
                Map.of("person", "e2000", "secret", "other"),
                List.of("custodian e2000 of auth-2022-011"),
                "rotate")),
        Map.of());
    String analyst = tokenFor("case-analyst", Role.ANALYST);
    String admin1 = tokenFor("case-admin1", Role.ADMIN);
    String admin2 = tokenFor("case-admin2", Role.ADMIN);

    JsonNode opened =
        json(
            mvc.perform(
                post("/api/v1/breach/cases")
                    .header("Authorization", "Bearer " + analyst)
                    .contentType("application/json")
                    .content(
                        "{\"title\":\"Forged tokens <script>x</script>\",\"kid\":\"auth-2022-01\","
                            + "\"awareAt\":\"2025-06-25T00:00:00Z\"}")));
    long id = opened.path("id").asLong();
    JsonNode c =
        json(
            mvc.perform(
                get("/api/v1/breach/cases/" + id).header("Authorization", "Bearer " + analyst)));
    List<JsonNode> linked = new java.util.ArrayList<>();
    for (JsonNode e : c.path("timeline")) {
      if (e.path("kind").asString().equals("finding")) {
        linked.add(e);
      }
    }
    assertThat(linked).hasSize(1);
    assertThat(linked.get(0).path("text").asString())
        .contains("Leaver Guard (critical)", "e1042", VAULT_LINE)
        .doesNotContain("auth-2022-011");
    mvc.perform(
            post("/api/v1/breach/cases/" + id + "/findings")
                .header("Authorization", "Bearer " + analyst))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.linked").value(0));

    byte[] log = "2025-03-02T09:14:07Z export auth-2022-01\n".getBytes(StandardCharsets.UTF_8);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(log));
    mvc.perform(
            post("/api/v1/breach/cases/" + id + "/evidence/vault-audit.log")
                .header("Authorization", "Bearer " + analyst)
                .contentType("application/octet-stream")
                .content(log))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.sha256").value(sha));
    mvc.perform(
            post("/api/v1/breach/cases/" + id + "/evidence/..%2Fescape")
                .header("Authorization", "Bearer " + analyst)
                .contentType("application/octet-stream")
                .content(log))
        .andExpect(status().is4xxClientError());

    String md =
        mvc.perform(
                get("/api/v1/breach/cases/" + id + "/report")
                    .header("Authorization", "Bearer " + analyst))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(md)
        .startsWith("# Case #" + id + ": Forged tokens \\<script\\>x\\</script\\>")
        .contains("LATE by", "## Timeline", "Leaver Guard (critical)", sha, "| intact |")
        .contains("No scoping has been run on this case yet.");
    String html =
        mvc.perform(
                get("/api/v1/breach/cases/" + id + "/report?format=html")
                    .header("Authorization", "Bearer " + analyst))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(html)
        .contains("<h1>Case #" + id + ": Forged tokens &lt;script&gt;x&lt;/script&gt;</h1>")
        .doesNotContain("<script>")
        .contains("class=\"late\"", "<li class=\"entry-finding\">", sha);
    mvc.perform(
            get("/api/v1/breach/cases/" + id + "/report?format=pdf")
                .header("Authorization", "Bearer " + analyst))
        .andExpect(status().isBadRequest());

    String holdId =
        json(mvc.perform(
                post("/api/v1/breach/cases/" + id + "/holds")
                    .header("Authorization", "Bearer " + analyst)
                    .contentType("application/json")
                    .content(
                        "{\"from\":\"2025-06-01T00:00:00Z\",\"to\":\"2025-07-01T00:00:00Z\","
                            + "\"reason\":\"regulator\"}")))
            .path("id")
            .asString();
    assertThat(holdId).startsWith("hold-");
    for (String who : List.of(analyst, admin1)) {
      mvc.perform(
              delete("/api/v1/breach/cases/" + id + "/evidence/vault-audit.log")
                  .header("Authorization", "Bearer " + who))
          .andExpect(status().isConflict());
    }
    mvc.perform(
            post("/api/v1/breach/cases/" + id + "/evidence/vault-audit.log")
                .header("Authorization", "Bearer " + admin1)
                .contentType("application/octet-stream")
                .content("overwritten".getBytes(StandardCharsets.UTF_8)))
        .andExpect(status().isConflict());
    mvc.perform(
            get("/api/v1/breach/cases/" + id + "/evidence")
                .header("Authorization", "Bearer " + analyst))
        .andExpect(jsonPath("$[0].sha256").value(sha))
        .andExpect(jsonPath("$[0].intact").value(true));
    assertThat(audit.page(0, 50))
        .extracting(r -> r.action())
        .contains("breach.evidence.delete-refused", "breach.evidence.replace-refused");

    // one admin's release is not enough; the second, different admin's is
    mvc.perform(
            post("/api/v1/admin/breach/holds/" + holdId + "/release")
                .header("Authorization", "Bearer " + admin1))
        .andExpect(status().isOk());
    mvc.perform(
            delete("/api/v1/breach/cases/" + id + "/evidence/vault-audit.log")
                .header("Authorization", "Bearer " + admin1))
        .andExpect(status().isConflict());
    mvc.perform(
            post("/api/v1/admin/breach/holds/" + holdId + "/release")
                .header("Authorization", "Bearer " + admin2))
        .andExpect(status().isOk());
    mvc.perform(
            delete("/api/v1/breach/cases/" + id + "/evidence/vault-audit.log")
                .header("Authorization", "Bearer " + analyst))
        .andExpect(status().isOk());
    mvc.perform(
            get("/api/v1/breach/cases/" + id + "/evidence")
                .header("Authorization", "Bearer " + analyst))
        .andExpect(jsonPath("$.length()").value(0));
  }
}
