package io.streamserver;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The floor plan, checked on the compiled classes. Business components depend one way, each only on those below it:
 * platform (no business word), storage (where uploads and output live), security, media (ffmpeg and the vocabulary of audio), jobs (the job and its files),
 * then intake (uploads) and workers (this server's share of the queue) side by side, encoding (the batch job's
 * artifacts), webhooks (which hears of the jobs' changes through an event, never called by them), and on top playback, console and monitoring, which nobody uses. Inside each component boundary uses
 * control uses entity, never back.
 */
class ComponentDependenciesTest {

    private static final String ROOT = "io.streamserver";
    private static final String[] COMPONENTS = {"platform", "storage", "security", "media", "jobs", "intake", "workers", "encoding",
            "webhooks", "playback", "console", "monitoring"};
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    @Test
    void everyClassBelongsToAComponent() {
        classes().should().resideInAnyPackage(Arrays.stream(COMPONENTS).map(c -> ROOT + "." + c + "..").toArray(String[]::new))
                .check(classes);
    }

    @Test
    void componentsFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void componentsDependOnlyDownward() {
        Architectures.LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String component : COMPONENTS) {
            layers = layers.layer(component).definedBy(ROOT + "." + component + "..");
        }
        layers.whereLayer("playback").mayNotBeAccessedByAnyLayer()
                .whereLayer("console").mayNotBeAccessedByAnyLayer()
                .whereLayer("monitoring").mayNotBeAccessedByAnyLayer()
                .whereLayer("webhooks").mayNotBeAccessedByAnyLayer()
                .whereLayer("encoding").mayNotBeAccessedByAnyLayer()
                .whereLayer("workers").mayOnlyBeAccessedByLayers("encoding")
                .whereLayer("intake").mayNotBeAccessedByAnyLayer()
                .whereLayer("jobs").mayOnlyBeAccessedByLayers("intake", "workers", "encoding", "webhooks", "playback", "console", "monitoring")
                .whereLayer("media").mayOnlyBeAccessedByLayers("jobs", "intake", "workers", "encoding", "webhooks", "playback", "console", "monitoring")
                .whereLayer("security").mayOnlyBeAccessedByLayers("jobs", "intake", "workers", "encoding", "webhooks", "playback", "console", "monitoring")
                .check(classes);
    }

    @Test
    void platformKnowsNoBusinessComponent() {
        noClasses().that().resideInAPackage(ROOT + ".platform..")
                .should().dependOnClassesThat().resideInAnyPackage(Arrays.stream(COMPONENTS).filter(c -> !c.equals("platform"))
                        .map(c -> ROOT + "." + c + "..").toArray(String[]::new))
                .check(classes);
    }

    /** A package a reader can hold: about a dozen classes at most (nested classes count with their own). */
    @Test
    void noPackageIsAGrabBag() {
        Map<String, Long> sizes = classes.stream().filter(c -> !c.isNestedClass() && !c.isAnonymousClass())
                .collect(Collectors.groupingBy(JavaClass::getPackageName, Collectors.counting()));
        sizes.forEach((pkg, count) -> assertTrue(count <= 14, pkg + " holds " + count + " classes"));
    }

    @Test
    void controlAndEntityNeverReachUpToTheBoundary() {
        noClasses().that().resideInAnyPackage("..control..", "..entity..")
                .should().dependOnClassesThat().resideInAPackage("..boundary..")
                .check(classes);
        noClasses().that().resideInAPackage("..entity..")
                .should().dependOnClassesThat().resideInAPackage("..control..")
                .check(classes);
    }

    /** Control classes return results or throw domain exceptions; only boundaries and exception mappers speak HTTP. */
    @Test
    void onlyBoundariesChooseHttpStatuses() {
        noClasses().that().resideInAnyPackage("..control..", "..entity..")
                .should().dependOnClassesThat().areAssignableTo(WebApplicationException.class)
                .orShould().dependOnClassesThat().areAssignableTo(Response.class)
                .check(classes);
    }
}
