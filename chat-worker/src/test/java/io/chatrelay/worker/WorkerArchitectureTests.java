package io.chatrelay.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The worker's package boundaries, as sentences. */
@AnalyzeClasses(packages = "io.chatrelay.worker", importOptions = ImportOption.DoNotIncludeTests.class)
class WorkerArchitectureTests {

    @ArchTest
    static final ArchRule enginesKnowNothingOfKafkaOrRedis = noClasses()
            .that()
            .resideInAPackage("..worker.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework.kafka..", "org.apache.kafka..", "org.springframework.data.redis..");

    @ArchTest
    static final ArchRule enginesDoNotReachIntoTheLifecycleOrIntake = noClasses()
            .that()
            .resideInAPackage("..worker.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..worker.lifecycle..", "..worker.intake..", "..worker.journal..");

    @ArchTest
    static final ArchRule theJournalKnowsNeitherTheTurnsNorTheEnginesNorTheIntake = noClasses()
            .that()
            .resideInAPackage("..worker.journal..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..worker.lifecycle..", "..worker.engine..", "..worker.intake..");

    @ArchTest
    static final ArchRule theLifecycleDoesNotKnowTheIntake = noClasses()
            .that()
            .resideInAPackage("..worker.lifecycle..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..worker.intake..");

    @ArchTest
    static final ArchRule retryClassificationIsIndependentOfEverythingElse = noClasses()
            .that()
            .resideInAPackage("..worker.retry..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..worker.engine..", "..worker.lifecycle..", "..worker.intake..", "..worker.deadletter..");
}
