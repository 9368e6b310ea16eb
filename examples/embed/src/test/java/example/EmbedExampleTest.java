package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The example runs with the core alone, and its numbers are those of a Hessian. */
class EmbedExampleTest {
    @Test
    void computesAHessianAndItsSpectrumFromTheCoreAlone() {
        EmbedExample.Result r = EmbedExample.run(1);
        assertEquals(3 * 2 * 4 * 4, r.parameters());
        assertEquals(r.parameters(), r.statistics().count());
        assertEquals(0.0, r.symmetryError(), "the assembled Hessian is exactly symmetric");
        assertTrue(r.loss() > 0 && Double.isFinite(r.loss()));
        assertTrue(r.statistics().lambdaMaxAbs() > 0);
        assertTrue(r.statistics().negativeRatio() > 0, "a relu network away from a minimum has negative curvature");
        EmbedExample.main(new String[] {"2"});
    }

    @Test
    void nothingButTheCoreIsOnTheClassPath() {
        for (String absent : new String[] {"picocli.CommandLine", "org.apache.pdfbox.pdmodel.PDDocument",
            "de.erichseifert.vectorgraphics2d.VectorGraphics2D", "com.fasterxml.jackson.dataformat.csv.CsvMapper",
            "org.shortcuthessian.experiments.Sweep", "org.shortcuthessian.cli.Main", "com.google.common.collect.ImmutableList"}) {
            assertFalse(present(absent), absent + " must not reach an embedder");
        }
        assertTrue(EmbedExample.class.getResource("/org/shortcuthessian/datasets/mnist-10k/images-idx3-ubyte.gz") == null,
                "the built-in digits stay out of the core");
    }

    private static boolean present(String name) {
        try {
            Class.forName(name, false, EmbedExampleTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
