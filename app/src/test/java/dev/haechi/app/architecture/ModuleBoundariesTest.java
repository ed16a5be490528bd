package dev.haechi.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture, as a test: engines are plain Java and do not reach into the application, each
 * other's internals, or any framework; only the application module touches Spring.
 */
class ModuleBoundariesTest {
  static final List<String> ENGINES =
      List.of("identity", "detection", "breach", "resilience", "exercise");
  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.haechi");
  }

  @Test
  void engines_core_and_demo_never_import_the_application() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(
                "dev.haechi.core..",
                "dev.haechi.identity..",
                "dev.haechi.detection..",
                "dev.haechi.breach..",
                "dev.haechi.resilience..",
                "dev.haechi.exercise..",
                "dev.haechi.demo..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.haechi.app..");
    rule.check(classes);
  }

  @Test
  void engines_core_and_demo_use_no_framework() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(
                "dev.haechi.core..",
                "dev.haechi.identity..",
                "dev.haechi.detection..",
                "dev.haechi.resilience..",
                "dev.haechi.exercise..",
                "dev.haechi.demo..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.springframework..",
                "jakarta..",
                "javax.servlet..",
                "org.apache.flink..",
                "org.apache.kafka..",
                "java.sql..");
    rule.check(classes);
  }

  /**
   * The breach engine embeds DuckDB (an in-process library, not a server) to write and scan its
   * Parquet store; JDBC is its API, so it is allowed in {@code breach.store} and nowhere else.
   */
  @Test
  void the_breach_engine_uses_no_framework_and_jdbc_only_in_its_store() {
    noClasses()
        .that()
        .resideInAPackage("dev.haechi.breach..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..", "jakarta..", "javax.servlet..", "org.apache.kafka..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.haechi.breach..")
        .and()
        .resideOutsideOfPackage("dev.haechi.breach.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "org.duckdb..")
        .check(classes);
  }

  @Test
  void no_engine_reaches_into_another_engines_internals() {
    for (String engine : ENGINES) {
      for (String other : ENGINES) {
        if (engine.equals(other)) {
          continue;
        }
        noClasses()
            .that()
            .resideInAPackage("dev.haechi." + engine + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.haechi." + other + "..internal..")
            .allowEmptyShould(true)
            .check(classes);
      }
    }
  }

  @Test
  void the_shared_core_depends_on_no_engine() {
    noClasses()
        .that()
        .resideInAPackage("dev.haechi.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.haechi.identity..",
            "dev.haechi.detection..",
            "dev.haechi.breach..",
            "dev.haechi.resilience..",
            "dev.haechi.exercise..",
            "dev.haechi.demo..")
        .check(classes);
  }
}
