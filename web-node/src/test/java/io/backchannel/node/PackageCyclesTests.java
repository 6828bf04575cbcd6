package io.backchannel.node;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The node's feature packages ({@code cluster}, {@code session}, {@code presence},
 * {@code routing}, ...) depend on each other in one direction only: a cycle is broken by
 * moving the responsibility where it belongs or by a small interface in the lower package
 * ({@link io.backchannel.node.cluster.HeldSockets}), not by merging packages.
 */
class PackageCyclesTests {

    private static final JavaClasses NODE = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.backchannel.node");

    @Test
    void featurePackages_haveNoCycles() {
        slices().matching("io.backchannel.node.(*)..").should().beFreeOfCycles().check(NODE);
    }

}
