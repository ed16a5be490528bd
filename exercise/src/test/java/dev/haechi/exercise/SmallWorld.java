package dev.haechi.exercise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A different organisation, written by hand: a clinic with 5 staff, an API signing key whose
 * custodian left (kid clinic-2023), an active key (clinic-2025), patients 500000–500999, and a
 * catalog of one site with two rooms, a UPS and three systems.
 */
final class SmallWorld {
  private SmallWorld() {}

  static Path write(Path dir) throws IOException {
    Path id = Files.createDirectories(dir.resolve("org/identity"));
    Files.writeString(
        id.resolve("hr.csv"),
        """
        employee_id,email,given_name,family_name,department,title,manager_id,status,hire_date,termination_date
        C001,ana@clinic.example,Ana,Park,IT,CTO,,active,2015-01-05,
        C002,bo@clinic.example,Bo,Lee,IT,Platform engineer,C001,terminated,2019-03-01,2026-03-31
        C003,cy@clinic.example,Cy,Kim,Care,Nurse,C001,active,2020-06-01,
        C004,di@clinic.example,Di,Cho,IT,SRE,C001,active,2021-09-01,
        C005,ed@clinic.example,Ed,Han,Care,Doctor,C001,active,2018-02-01,
        """);
    Files.createDirectories(id.resolve("accounts"));
    Files.writeString(
        id.resolve("accounts/ehr.csv"),
        """
        account_id,username,email,employee_id,enabled,privileged,last_login,created
        ehr-1,ana,ana@clinic.example,C001,true,true,2026-05-30T09:00:00Z,2015-01-05
        ehr-2,bo,bo@clinic.example,C002,false,true,2026-03-30T09:00:00Z,2019-03-01
        ehr-3,cy,cy@clinic.example,C003,true,false,2026-05-30T09:00:00Z,2020-06-01
        ehr-4,di,di@clinic.example,C004,true,true,2026-05-30T09:00:00Z,2021-09-01
        ehr-5,ed,ed@clinic.example,C005,true,false,2026-05-30T09:00:00Z,2018-02-01
        """);
    Files.writeString(
        id.resolve("secrets.csv"),
        """
        secret_id,kind,system,location,created,last_rotated,max_age,custodians
        api-signer-2023,signing-key,api,jwks:api#clinic-2023,2023-01-10,2023-01-10,3650d,C002
        api-signer-2025,signing-key,api,jwks:api#clinic-2025,2025-01-10,2025-01-10,3650d,C004
        """);
    Files.createDirectories(id.resolve("jwks"));
    Files.writeString(
        id.resolve("jwks/api.json"),
        """
        {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"clinic-2023","n":"sXch","e":"AQAB"},
                 {"kty":"RSA","use":"sig","alg":"RS256","kid":"clinic-2025","n":"tYdi","e":"AQAB"}]}
        """);
    Path cat = Files.createDirectories(dir.resolve("org/catalog"));
    Files.writeString(
        cat.resolve("catalog.yaml"),
        """
        apiVersion: haechi.dev/v1alpha1
        kind: Site
        metadata: {name: clinic-hq}
        spec: {region: KR-11}
        ---
        apiVersion: haechi.dev/v1alpha1
        kind: Zone
        metadata: {name: hq-b1-server}
        spec: {site: clinic-hq, type: room}
        ---
        apiVersion: haechi.dev/v1alpha1
        kind: Zone
        metadata: {name: hq-2f-office}
        spec: {site: clinic-hq, type: room}
        ---
        apiVersion: haechi.dev/v1alpha1
        kind: PowerAsset
        metadata: {name: hq-ups}
        spec:
          type: ups-battery
          chemistry: li-ion-nmc
          zone: hq-b1-server
          feeds: [hq-b1-server]
          manufactured: 2012-01-01
          installed: 2012-06-01
          ratedLifeYears: 10
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: ehr
          annotations:
            haechi.dev/grade: "1"
            haechi.dev/rto: "4h"
            haechi.dev/placement: "hq-b1-server:active"
            haechi.dev/restore-effort: "6"
        spec: {type: service, lifecycle: production, owner: group:default/it, dependsOn: [resource:default/ehr-db]}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata:
          name: ehr-db
          annotations:
            haechi.dev/grade: "1"
            haechi.dev/rpo: "1h"
            haechi.dev/placement: "hq-b1-server:primary"
            haechi.dev/restore-effort: "10"
        spec: {type: database, owner: group:default/it}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: intranet
          annotations:
            haechi.dev/grade: "3"
            haechi.dev/placement: "hq-2f-office:active"
            haechi.dev/restore-effort: "2"
        spec: {type: website, lifecycle: production, owner: group:default/it}
        """);
    return dir;
  }

  static final String SCENARIO =
      """
      apiVersion: haechi.dev/v1alpha1
      kind: Scenario
      metadata: {name: clinic-drill, title: "The clinic's own drill"}
      spec:
        world:
          identity: org/identity/
          catalog: org/catalog/
          members: {from: 500000, to: 500999}
        start: 2026-06-01T00:00:00Z
        duration: 2d
        seed: 7
        background:
          gateway: {rate: 1/s, countries: [KR]}
        injects:
          - id: stolen-quiet
            at: 2h
            type: forged-token-requests
            technique: T1550.001
            with: {kid: clinic-2025, count: 3, every: 20m, countries: [KR], sub: "500123", action: profile.view}
          - id: forged
            at: 14h
            type: forged-token-requests
            with: {kid: clinic-2023, count: 30, every: 12s, countries: [CN, HK], nonexistent-share: 0.2}
          - {id: rotate, at: 20h, type: rotate-key, with: {kid: clinic-2023, new-kid: clinic-2026}}
          - id: forged-after
            at: 22h
            type: forged-token-requests
            with: {kid: clinic-2023, count: 30, every: 12s, countries: [CN]}
          - {id: export, at: 1d, type: vault-export, with: {person: di, path: transit/export/signing-key/api}}
          - {id: burn, at: 30h, type: fire, with: {zone: hq-b1-server, crews: 2}}
        expect:
          - {inject: forged, detectWithin: 15m}
          - {inject: stolen-quiet, detectWithin: 1h}
          - {inject: forged-after, outcome: prevented}
          - {inject: burn, restoreGrade: 1, within: 72h}
        planner: {timeLimit: 2s}
      """;
}
