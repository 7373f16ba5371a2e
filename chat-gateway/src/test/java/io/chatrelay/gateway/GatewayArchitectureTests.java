package io.chatrelay.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.chatrelay.gateway.stream.EventStream;
import io.chatrelay.gateway.stream.RequestEnds;

@AnalyzeClasses(packages = "io.chatrelay.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class GatewayArchitectureTests {

    @ArchTest
    static final ArchRule ingestionKnowsNothingOfTheRelayButItsTwoFaces = noClasses()
            .that()
            .resideInAPackage("..gateway.ingest..")
            .should()
            .dependOnClassesThat(resideInAPackage("..gateway.stream..")
                    .and(not(equivalentTo(RequestEnds.class)))
                    .and(not(equivalentTo(EventStream.class))))
            .because("accepting a request must not depend on who is watching it; the answers that wait for its end"
                    + " (Prefer: wait, /api/chat) learn it from the relay's live feed through RequestEnds, and the"
                    + " answer that streams it (Accept: text/event-stream) is the events' own stream, EventStream");

    @ArchTest
    static final ArchRule theIntakeKnowsNothingOfTheOriginalEndpoints = noClasses()
            .that()
            .resideInAPackage("..gateway.ingest..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..gateway.seed..")
            .because("the original system's endpoints are a shape on top of the intake, kept for its clients;"
                    + " the intake must not bend to them");

    @ArchTest
    static final ArchRule theRelayKnowsNothingOfIngestion = noClasses()
            .that()
            .resideInAPackage("..gateway.stream..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..gateway.ingest..", "..gateway.seed..")
            .because("the relay reads only the shared contract in Redis and Kafka");

    @ArchTest
    static final ArchRule theErrorContractDependsOnNoFeature = noClasses()
            .that()
            .resideInAPackage("..gateway.api..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..gateway.ingest..",
                    "..gateway.seed..",
                    "..gateway.stream..",
                    "..gateway.auth..",
                    "..gateway.admin..")
            .because("every feature answers errors the same way, so the error contract sits below them");

    @ArchTest
    static final ArchRule authenticationKnowsNoFeature = noClasses()
            .that()
            .resideInAPackage("..gateway.auth..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..gateway.ingest..", "..gateway.seed..", "..gateway.stream..", "..gateway.admin..")
            .because("who is calling is settled before, and apart from, what they ask for");

    @ArchTest
    static final ArchRule servingChatsDoesNotNeedTheAdminApi = noClasses()
            .that()
            .resideInAnyPackage("..gateway.ingest..", "..gateway.seed..", "..gateway.stream..", "..gateway.limit..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..gateway.admin..")
            .because("the admin API writes what chats read; chats never call it");

    @ArchTest
    static final ArchRule nothingTalksToOpenAi = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.openai..")
            .because("the gateway never calls the upstream; the workers do");
}
