package org.shortcuthessian.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/** The project's architecture rules ({@link ArchitectureTest}) with the Spark module's classes imported too. */
@AnalyzeClasses(packages = "org.shortcuthessian", importOptions = ImportOption.DoNotIncludeTests.class)
class SparkArchitectureTest {
    @ArchTest
    static final ArchTests rules = ArchTests.in(ArchitectureTest.class);
}
