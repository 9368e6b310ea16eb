package org.shortcuthessian.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.shortcuthessian.linalg.Backend;

/**
 * The layering of README "How it is built", as tests: every production class of the modules on the class
 * path (core, experiments, cli; the Spark module reruns these rules with its own classes, SparkArchitectureTest)
 * is imported and checked. A wrong-way import fails the build. The applications are cli and spark: only they
 * print, exit, set system properties or BLAS threads.
 */
@AnalyzeClasses(packages = "org.shortcuthessian", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    static final String CLI = "org.shortcuthessian.cli..";
    static final String SPARK = "org.shortcuthessian.spark..";
    static final String[] EXPERIMENTS = {"org.shortcuthessian.datasets..", "org.shortcuthessian.training..",
        "org.shortcuthessian.experiments.."};
    static final String[] CORE = {"org.shortcuthessian", "org.shortcuthessian.linalg..", "org.shortcuthessian.network..",
        "org.shortcuthessian.data..", "org.shortcuthessian.curvature..", "org.shortcuthessian.io.."};

    /** No package cycles between the top-level packages (a package and its subpackages form one slice). */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("org.shortcuthessian.(*)..").should().beFreeOfCycles();

    /** spark → cli → experiments → core, never upwards. */
    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("spark").definedBy(SPARK)
            .layer("cli").definedBy(CLI)
            .layer("experiments").definedBy(EXPERIMENTS)
            .layer("core").definedBy(CORE)
            .whereLayer("spark").mayNotBeAccessedByAnyLayer()
            .whereLayer("cli").mayOnlyBeAccessedByLayers("spark")
            .whereLayer("experiments").mayOnlyBeAccessedByLayers("cli", "spark")
            .whereLayer("core").mayOnlyBeAccessedByLayers("cli", "experiments", "spark")
            .withOptionalLayers(true);

    /** JavaCPP (org.bytedeco) only inside the OpenBLAS backend and the off-heap matrix's internals. */
    @ArchTest
    static final ArchRule onlyTheNativeBackendTouchesJavaCpp = noClasses()
            .that().resideOutsideOfPackage("org.shortcuthessian.linalg.openblas")
            .and().doNotHaveFullyQualifiedName("org.shortcuthessian.linalg.OffHeapMatrix")
            .should().dependOnClassesThat().resideInAPackage("org.bytedeco..");

    /** The backends' implementations are reached through the Backend port only (Backends chooses them). */
    @ArchTest
    static final ArchRule implementationsBehindThePort = noClasses()
            .that().resideOutsideOfPackage("org.shortcuthessian.linalg..")
            .should().dependOnClassesThat().resideInAnyPackage("org.shortcuthessian.linalg.openblas..",
                    "org.shortcuthessian.linalg.purejava..");

    /** Library code (core and experiments) never prints: the command line does. */
    @ArchTest
    static final ArchRule libraryNeverPrints = noClasses().that().resideOutsideOfPackages(CLI, SPARK)
            .should(ACCESS_STANDARD_STREAMS);

    /** Library code never ends the JVM or changes system properties. */
    @ArchTest
    static final ArchRule libraryNeverExitsOrSetsProperties = noClasses().that().resideOutsideOfPackages(CLI, SPARK)
            .should().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "halt", int.class)
            .orShould().callMethod(System.class, "setProperty", String.class, String.class)
            .orShould().callMethod(System.class, "clearProperty", String.class);

    /** One logging facade: library code logs through the SLF4J API only (the command line binds and formats it). */
    @ArchTest
    static final ArchRule libraryLogsThroughSlf4j = noClasses().that().resideOutsideOfPackage(CLI)
            .should().dependOnClassesThat().resideInAnyPackage("java.util.logging..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.System$Logger");

    /** OpenBLAS's thread count is process-wide: only the application (the command line) sets it. */
    @ArchTest
    static final ArchRule onlyTheApplicationSetsThreads = noClasses().that().resideOutsideOfPackages(CLI, SPARK)
            .and().resideOutsideOfPackage("org.shortcuthessian.linalg..")
            .should().callMethodWhere(target(name("setThreads"))
                    .and(target(owner(DescribedPredicate.describe("a Backend",
                            (JavaClass c) -> c.isAssignableTo(Backend.class))))));
}
