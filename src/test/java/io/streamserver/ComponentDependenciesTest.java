package io.streamserver;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The floor plan, checked on the compiled classes: business components depend one way (platform knows none of them,
 * security knows only platform, transcoding is used by playback, console and monitoring, which nobody uses), and
 * inside each component boundary uses control uses entity, never back.
 */
class ComponentDependenciesTest {

    private static final String ROOT = "io.streamserver";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    @Test
    void componentsFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void componentsDependOnlyDownward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("platform").definedBy(ROOT + ".platform..")
                .layer("security").definedBy(ROOT + ".security..")
                .layer("transcoding").definedBy(ROOT + ".transcoding..")
                .layer("playback").definedBy(ROOT + ".playback..")
                .layer("console").definedBy(ROOT + ".console..")
                .layer("monitoring").definedBy(ROOT + ".monitoring..")
                .whereLayer("playback").mayNotBeAccessedByAnyLayer()
                .whereLayer("console").mayNotBeAccessedByAnyLayer()
                .whereLayer("monitoring").mayNotBeAccessedByAnyLayer()
                .whereLayer("transcoding").mayOnlyBeAccessedByLayers("playback", "console", "monitoring")
                .whereLayer("security").mayOnlyBeAccessedByLayers("transcoding", "playback", "console", "monitoring")
                .check(classes);
    }

    @Test
    void platformKnowsNoBusinessComponent() {
        noClasses().that().resideInAPackage(ROOT + ".platform..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".security..", ROOT + ".transcoding..",
                        ROOT + ".playback..", ROOT + ".console..", ROOT + ".monitoring..")
                .check(classes);
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
